#pragma once
// Reading an input file whole, refusing what is not one: a directory, a
// device or pipe that may never end (/dev/zero), or a file too large to be
// a program or data set.
#include <string>

namespace ppl {

// The file's bytes. Throws ppl::Error "PATH: cannot read ...: is a
// directory" (or not a regular file, does not exist, too large).
std::string read_text_file(const std::string& path);

}  // namespace ppl
