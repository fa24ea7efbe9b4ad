#pragma once
// `ppl predict MODEL.ppl --data D.json [--posterior FIT.json] [--num-samples N]
//  [--seed S] [--sites a,b] [--subsample PLATE=I,J] [--out OUT.json]
//  [--inference-data PRED.nc]`
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
  std::vector<std::string> subsample;  // PLATE=I,J,...: a subsampled plate's minibatch
  std::string out_path;
  std::string inference_data;  // --inference-data PRED.nc
};

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_predict_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
