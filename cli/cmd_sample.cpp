#include <iostream>

#include "commands.h"

namespace jianguan::cli {

Action add_sample(CLI::App& app, const Common& common) {
  struct Opts {
    std::string out;
    int64_t entities = 20000;
    uint64_t seed = 1;
    std::string as_of = "2024-06-30";
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("sample", "Write the deterministic Inner Mongolia sample database");
  cmd->add_option("--out", o->out, "The SQLite file to write")->required();
  cmd->add_option("--entities", o->entities, "Number of market entities")
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the generator: the same seed gives the same data")
      ->capture_default_str();
  cmd->add_option("--as-of", o->as_of, "The data's date: every event is before it")
      ->capture_default_str();
  return [o, &common, cmd]() -> int {
    if (!cmd->parsed()) return -1;
    SampleOutcome r = generate_sample(o->out, o->entities, o->seed, o->as_of);
    if (!r.ok) {
      std::cerr << "jianguan: " << r.error << "\n";
      return kBadInput;
    }
    std::cerr << (common.zh() ? "已生成 " : "wrote ") << r.entities
              << (common.zh() ? " 个主体、" : " entities, ") << r.events
              << (common.zh() ? " 条事件 -> " : " events -> ") << o->out << "\n";
    return kClean;
  };
}

}  // namespace jianguan::cli
