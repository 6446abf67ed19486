// A thin main: it hands the arguments and the standard streams to the driver.
#include <malloc.h>

#include <iostream>

#include "cli/driver.h"

int main(int argc, char** argv) {
  // A large compile allocates millions of small values and frees them in bulk; with glibc's
  // fastbins, consolidating them cost a fifth of the run, and growing the heap in small steps
  // added page-fault churn (measured with perf on bench/compile_bench.sh). Plain bins and a
  // generous top pad (virtual address space, not memory) avoid both.
  mallopt(M_MXFAST, 0);
  mallopt(M_TOP_PAD, 256 << 20);
  return berth::cli::Run(argc, argv, std::cout, std::cerr);
}
