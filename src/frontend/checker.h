#pragma once
// Name, placement, call and shape checks over the AST. Collects every error
// it finds (not only the first) and annotates the AST with types and with
// what each name refers to; the summary lists what a user sees in
// `ppl check`: data, sites, params, plates and scans.
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "frontend/ast.h"

namespace ppl::frontend {

enum class BlockKind { Model, Guide };

struct SiteSummary {
  std::string name;
  SourceLocation location;
  BlockKind block = BlockKind::Model;
  std::string distribution;        // Normal, Normal.to_event, ...
  bool observed = false;           // by `obs` or by a required data entry
  bool observed_if_data = false;   // by an optional data entry: latent when it is absent
  std::vector<std::string> plates;
  std::string scan;                // index name of the enclosing scan, if any
  bool in_for_loop = false;        // name gets the loop indices: x[0], x[1], ...
  std::string shape;               // static shape where known
};

struct ParamSummary {
  std::string name;
  SourceLocation location;
  BlockKind block = BlockKind::Model;
  std::string constraint;  // "real" when none is given
  std::string shape;
};

struct PlateSummary {
  std::string name;
  SourceLocation location;
  BlockKind block = BlockKind::Model;
  std::string size;
  std::string subsample_size;  // empty without subsampling
  int dim = -1;                // batch dim it occupies, counted from the right
};

struct ScanSummary {
  std::string index;
  SourceLocation location;
  BlockKind block = BlockKind::Model;
  std::string range;
  std::vector<std::string> carries;
  std::vector<std::string> overs;
  std::vector<std::string> sites;
};

struct DataSummary {
  std::string name;
  std::string type;  // int, real[N], ...
  bool optional = false;
};

struct ProgramSummary {
  std::string file_name;
  std::vector<DataSummary> data;
  std::vector<std::string> functions;
  std::vector<SiteSummary> sites;
  std::vector<ParamSummary> params;
  std::vector<PlateSummary> plates;
  std::vector<ScanSummary> scans;
  std::vector<std::string> deterministics;
  std::vector<std::string> factors;
  bool has_model = false;
  bool has_guide = false;
  std::vector<Diagnostic> warnings;  // the program is valid, but likely not what was meant
};

struct CheckOptions {
  // False when the guide is one part of a guide list (--guide "guide +
  // auto_normal"): the list's other parts cover the model's latent sites the
  // guide does not sample, and the list names any that no part covers.
  bool guide_covers_every_latent = true;
  // True when the model file's guide block has a role of its own (one of
  // auto_semi_dais's guides) and a guide file, the other, is compiled with
  // the model in its place.
  bool guide_file_replaces_model_guide = false;
};

// Checks a program in place. Throws Error with every error found.
ProgramSummary check_program(ast::Program& program, const CheckOptions& options = {});

// Adds the data declarations, functions and guide of a separate guide file
// to the model's program; data entries declared in both must agree. A
// guide block in both is an error unless `replace_model_guide`.
void merge_guide_file(ast::Program& model, ast::Program&& guide_file, bool replace_model_guide);

}  // namespace ppl::frontend
