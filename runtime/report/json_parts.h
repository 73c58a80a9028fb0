// The JSON shapes shared by the JSON report and the other machine formats.
#pragma once

#include "check/checker.h"
#include "eval/results.h"
#include "lower/program.h"
#include "report/report.h"
#include "support/json.h"

namespace jianguan::rt {

void write_header(JsonWriter& w, const ReportContext& ctx);
void write_summary(JsonWriter& w, const ir::Program& p, const Summary& s, bool zh);
void write_finding(JsonWriter& w, const ir::Program& p, const EntityResult& r, const Finding& f,
                   bool zh);
void write_entity(JsonWriter& w, const ir::Program& p, const EntityResult& r, bool zh);
// An entity's repeated inspections and repeated penalties.
void write_repeated(JsonWriter& w, const ir::Program& p, const EntityResult& r);

std::unique_ptr<Report> make_json_report(const ReportContext& ctx, const std::string& out,
                                         std::string& error);
std::unique_ptr<Report> make_text_report(const ReportContext& ctx, const std::string& out,
                                         std::string& error);
std::unique_ptr<Report> make_csv_report(const ReportContext& ctx, const std::string& out,
                                        std::string& error);
std::unique_ptr<Report> make_sarif_report(const ReportContext& ctx, const std::string& out,
                                          std::string& error);
std::unique_ptr<Report> make_sqlite_report(const ReportContext& ctx, const std::string& out,
                                           std::string& error);
std::unique_ptr<Report> make_html_report(const ReportContext& ctx, const std::string& out,
                                         std::string& error);

}  // namespace jianguan::rt
