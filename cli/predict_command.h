#pragma once
// `ppl predict MODEL.ppl --data D.json [--posterior FIT.json] [--num-samples N]
//  [--seed S] [--sites a,b] [--out OUT.json]`
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace ppl::cli {

struct PredictOptions {
  std::string model_path;
  std::string data_path;
  std::string posterior_path;
  int num_samples = 1000;
  bool num_samples_given = false;  // with --posterior, absent means every draw once
  unsigned long long seed = 0;
  std::vector<std::string> sites;
  std::string out_path;
};

void add_predict_command(CLI::App& app, PredictOptions& options, int& exit_code);

}  // namespace ppl::cli
