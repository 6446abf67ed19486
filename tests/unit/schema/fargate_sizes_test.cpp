#include "tests/unit/schema/rules_fixture.h"

namespace berth::testing {
namespace {

class FargateSizesTest : public RulesTest {
 protected:
  // A Fargate task with the given cpu and memory source text.
  std::string CheckTask(double cpu, std::string cpu_text, double memory, std::string memory_text) {
    SetSource("task \"api\" {\n  cpu    = " + cpu_text + "\n  memory = " + memory_text +
              "\n  container \"app\" { image = \"nginx\" }\n}\n");
    return Check({Resource("task", "api",
                           {{"cpu", Value::Cpu(cpu, Span(cpu_text))},
                            {"memory", Value::Size(memory, Span(memory_text))}})});
  }
};

TEST_F(FargateSizesTest, EveryPairOfTheTableIsAccepted) {
  struct Row {
    double cpu, min_gib, max_gib, step_gib;
  };
  for (Row row : {Row{512, 1, 4, 1}, Row{1024, 2, 8, 1}, Row{2048, 4, 16, 1}, Row{4096, 8, 30, 1},
                  Row{8192, 16, 60, 4}, Row{16384, 32, 120, 8}}) {
    for (double gib = row.min_gib; gib <= row.max_gib; gib += row.step_gib) {
      EXPECT_EQ(CheckTask(row.cpu, std::to_string(int(row.cpu)), gib * kGiB,
                          std::to_string(int(gib)) + "GiB"),
                "")
          << row.cpu << " " << gib;
    }
  }
  EXPECT_EQ(CheckTask(256, "256", 512 * kMiB, "512MiB"), "");
  EXPECT_EQ(CheckTask(256, "0.25vcpu", 1 * kGiB, "1GiB"), "");
  EXPECT_EQ(CheckTask(256, "256", 2 * kGiB, "2GiB"), "");
}

TEST_F(FargateSizesTest, MemoryOutsideTheRowListsTheRow) {
  EXPECT_EQ(CheckTask(256, "256", 4 * kGiB, "4GiB"),
            "main.berth:3:12: error: Fargate does not pair cpu 256 with memory 4GiB; with cpu 256 "
            "memory must be 512MiB, 1GiB or 2GiB\n"
            "    3 |   memory = 4GiB\n"
            "      |            ^~~~\n"
            "main.berth:2:12: note: cpu is set here\n"
            "    2 |   cpu    = 256\n"
            "      |            ^~~\n");
}

TEST_F(FargateSizesTest, MemoryBetweenStepsIsRejected) {
  // 8192 CPU units step memory by 4GiB: 18GiB falls between 16GiB and 20GiB.
  EXPECT_EQ(CheckTask(8192, "8vcpu", 18 * kGiB, "18GiB"),
            "main.berth:3:12: error: Fargate does not pair cpu 8192 with memory 18GiB; with cpu "
            "8192 memory must be 16GiB, 20GiB, 24GiB, 28GiB, 32GiB, 36GiB, 40GiB, 44GiB, 48GiB, "
            "52GiB, 56GiB or 60GiB\n"
            "    3 |   memory = 18GiB\n"
            "      |            ^~~~~\n"
            "main.berth:2:12: note: cpu is set here\n"
            "    2 |   cpu    = 8vcpu\n"
            "      |            ^~~~~\n");
  EXPECT_NE(CheckTask(512, "512", 1536 * kMiB, "1536MiB"), "");
  EXPECT_NE(CheckTask(16384, "16384", 36 * kGiB, "36GiB"), "");
  EXPECT_NE(CheckTask(4096, "4096", 31 * kGiB, "31GiB"), "");
}

TEST_F(FargateSizesTest, UnknownCpuListsTheCpus) {
  EXPECT_EQ(CheckTask(300, "300", 1 * kGiB, "1GiB"),
            "main.berth:2:12: error: Fargate does not offer cpu 300; it must be 256, 512, 1024, "
            "2048, 4096, 8192 or 16384 CPU units (1024 is 1 vCPU)\n"
            "    2 |   cpu    = 300\n"
            "      |            ^~~\n");
}

TEST_F(FargateSizesTest, MissingCpuAndMemory) {
  SetSource("task \"api\" {\n  container \"app\" { image = \"nginx\" }\n}\n");
  EXPECT_EQ(Check({Resource("task", "api", {})}),
            "main.berth:1:1: error: Fargate task task.api needs cpu: 256, 512, 1024, 2048, 4096, "
            "8192 or 16384 CPU units (1024 is 1 vCPU)\n"
            "    1 | task \"api\" {\n"
            "      | ^~~~~~~~~~\n");
  SetSource("task \"api\" {\n  cpu = 512\n}\n");
  EXPECT_EQ(Check({Resource("task", "api", {{"cpu", Value::Cpu(512, Span("512"))}})}),
            "main.berth:1:1: error: Fargate task task.api needs memory: with cpu 512 it must be "
            "1GiB, 2GiB, 3GiB or 4GiB\n"
            "    1 | task \"api\" {\n"
            "      | ^~~~~~~~~~\n");
}

TEST_F(FargateSizesTest, Ec2TasksAndUnknownValuesAreNotChecked) {
  SetSource(
      "task \"api\" {\n  requires = [\"EC2\"]\n  network_mode = \"bridge\"\n  cpu = 300\n}\n");
  EXPECT_EQ(Check({Resource("task", "api",
                            {{"requires", Value::List({Value::String("EC2")})},
                             {"network_mode", Value::String("bridge")},
                             {"cpu", Value::Cpu(300, Span("300"))}})}),
            "");
  SetSource("task \"api\" {\n  cpu = var.cpu\n  memory = 512MiB\n}\n");
  EXPECT_EQ(Check({Resource("task", "api",
                            {{"cpu", Value::Ref("module.sizes", "cpu", Span("var.cpu"))},
                             {"memory", Value::Size(512 * kMiB, Span("512MiB"))}})}),
            "");
}

}  // namespace
}  // namespace berth::testing
