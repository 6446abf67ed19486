// A thin main: it hands the arguments and the standard streams to the driver.
#include <iostream>

#include "cli/driver.h"

int main(int argc, char** argv) { return berth::cli::Run(argc, argv, std::cout, std::cerr); }
