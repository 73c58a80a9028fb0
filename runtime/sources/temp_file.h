// Temporary space for a check: the runs of the sort, the parts of reports.
#pragma once

#include <string>

namespace jianguan::rt {

// The first usable folder of SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp and
// /tmp: where SQLite itself would write, so that one setting places all the
// temporary space a check needs.
std::string temporary_folder();

// A new file in the temporary folder, already unlinked, so nothing is left
// behind however the process ends. Returns its descriptor, or -1 with
// `error` set.
int open_unlinked_temp_file(std::string& error);

}  // namespace jianguan::rt
