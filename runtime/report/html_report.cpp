// The HTML report (docs/report-html.md): one self-contained page for the
// people who read the results, department heads and the leading group's
// office. Everything is inline (CSS, SVG charts, a little JS for searching,
// sorting and paging the tables); a Content-Security-Policy meta tag forbids
// any other load, so the page opens offline and never touches the network.
//
// The counts, tables and charts are written here in C++ from the Summary,
// the same numbers as the JSON report's `summary`. Each count carries
// data-k (its path in the JSON summary, parts joined by `/`) and data-v (its
// value), so tests can compare the page with the JSON report.
//
// Findings are streamed to a temporary file as table rows while the run goes
// on and copied into the page at the end, so memory stays flat. The rows are
// capped (kMaxFindings): see below.
#include <algorithm>
#include <cstdio>
#include <tuple>

#include "ast/ast.h"
#include "report/atomic_file.h"
#include "report/json_parts.h"
#include "report/report.h"
#include "source/source_file.h"

namespace jianguan::rt {

namespace {

// The findings table lists at most the first 5,000 findings (in source
// order) and the rejected-records table the first 1,000 rejects (by table,
// then row). The summary, tables and charts still count every one, and the
// page says how many rows were left out: the JSON, CSV and SQLite reports
// have them all. A row is about 0.5-1 KB, so a run of any size (1M entities
// included) gives a page of at most about 5 MB that opens in a few seconds.
constexpr int64_t kMaxFindings = 5000;
constexpr size_t kMaxRejects = 1000;
// Printing gives the first 500 findings that match the table's search and
// filter: about 45 A4 pages. Hundreds of pages help nobody, and Chromium
// takes minutes to lay them out.
constexpr int64_t kPrintRows = 500;
// The findings table shows 200 rows at a time, with buttons for the next
// pages; searching and filtering cover every row listed. Laying out thousands
// of rows of Chinese text at once would keep the page from opening for
// seconds.
constexpr int64_t kPageRows = 200;

std::string esc(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

// A CSS string literal (for the @page header), safe inside <style>.
std::string css_string(std::string_view s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (c == '<') {
      o += "\\3c ";
    } else if (c == '\n' || c == '\r') {
      o += ' ';
    } else {
      o += c;
    }
  }
  return o + "\"";
}

std::string num(int64_t n) {
  std::string d = std::to_string(n < 0 ? -n : n), o;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) o += ',';
    o += d[i];
  }
  return n < 0 ? "-" + o : o;
}

std::string pct(int64_t n, int64_t total) {
  if (total <= 0) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(n) / static_cast<double>(total));
  return buf;
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string score_text(double v) {
  if (v <= -1e299) return "−∞";
  if (v >= 1e299) return "+∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A count, with the attributes the tests read: <td data-k=... data-v=...>.
std::string counted(const char* tag, const std::string& cls, const std::string& key, int64_t v) {
  return std::string("<") + tag + (cls.empty() ? "" : " class=\"" + cls + "\"") + " data-k=\"" +
         esc(key) + "\" data-v=\"" + std::to_string(v) + "\">" + num(v) + "</" + tag + ">";
}

// Cuts a label to `cols` display columns (a Chinese character is two).
std::string clip(const std::string& s, uint32_t cols) {
  if (display_width(s) <= cols) return s;
  std::string o;
  uint32_t w = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    uint32_t cp;
    size_t n = decode_utf8(s, pos, cp);
    uint32_t cw = display_width(std::string_view(s).substr(pos, n));
    if (w + cw > cols - 1) break;
    o.append(s, pos, n);
    w += cw;
    pos += n;
  }
  return o + "…";
}

struct Bar {
  std::string label, key, cls;
  int64_t value = 0;
};

// A horizontal bar chart as inline SVG. Bars with a zero value are left out;
// each value is labelled, and carries data-k/data-v like the tables.
std::string bar_chart(const std::vector<Bar>& all, const std::string& title, bool zh) {
  std::vector<Bar> bars;
  for (const auto& b : all)
    if (b.value > 0) bars.push_back(b);
  if (bars.empty())
    return std::string("<p class=\"empty\">") + (zh ? "无数据" : "No data") + "</p>";
  int64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  const int kWidth = 560, kLabel = 164, kRight = 64, kRow = 24, kBar = 15, kTop = 6;
  const int height = kTop * 2 + kRow * static_cast<int>(bars.size());
  const double span = kWidth - kLabel - kRight;
  std::string o = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                  std::to_string(kWidth) + " " + std::to_string(height) +
                  "\" role=\"img\" aria-label=\"" + esc(title) + "\">";
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    int y = kTop + kRow * static_cast<int>(i);
    double w = std::max(1.0, span * static_cast<double>(b.value) / static_cast<double>(max));
    std::string cy = std::to_string(y + kRow / 2);
    o += "<g class=\"bar" + (b.cls.empty() ? "" : " " + b.cls) + "\"><title>" + esc(b.label) +
         ": " + num(b.value) + "</title>";
    o += "<text class=\"lbl\" x=\"" + std::to_string(kLabel - 8) + "\" y=\"" + cy +
         "\" text-anchor=\"end\" dominant-baseline=\"central\">" + esc(clip(b.label, 22)) +
         "</text>";
    o += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y + (kRow - kBar) / 2) +
         "\" width=\"" + fixed1(w) + "\" height=\"" + std::to_string(kBar) + "\" rx=\"2\"/>";
    o += "<text class=\"val\" data-k=\"" + esc(b.key) + "\" data-v=\"" + std::to_string(b.value) +
         "\" x=\"" + fixed1(kLabel + w + 6) + "\" y=\"" + cy + "\" dominant-baseline=\"central\">" +
         num(b.value) + "</text></g>";
  }
  o += "<line class=\"axis\" x1=\"" + std::to_string(kLabel) + "\" y1=\"0\" x2=\"" +
       std::to_string(kLabel) + "\" y2=\"" + std::to_string(height) + "\"/></svg>";
  return o;
}

const char kStyle[] = R"css(
:root{--ink:#1d2939;--muted:#667085;--line:#d0d5dd;--soft:#eaecf0;--bg:#f4f6f9;--brand:#1f3a5f;
--bar:#3a6ea5;--err:#b42318;--warn:#b54708;--info:#175cd3;--ok:#067647;--gap:#fff6e5}
*{box-sizing:border-box}
html{font-size:14px}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.5;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans",system-ui,sans-serif}
header.top{background:var(--brand);color:#fff;padding:22px 32px 18px}
header.top .org{font-size:.85rem;opacity:.8;letter-spacing:.08em}
header.top h1{margin:2px 0 2px;font-size:1.65rem;font-weight:600;letter-spacing:.02em}
header.top .sub{font-size:1rem;opacity:.9}
dl.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:6px 24px;margin:14px 0 0}
dl.meta div{min-width:0}
dl.meta dt{font-size:.78rem;opacity:.72}
dl.meta dd{margin:0;font-weight:500;overflow-wrap:anywhere}
nav.toc{background:#fff;border-bottom:1px solid var(--line);padding:8px 32px;position:sticky;top:0;z-index:2;font-size:.9rem}
nav.toc a{color:var(--brand);text-decoration:none;margin-right:18px;white-space:nowrap}
nav.toc a:hover{text-decoration:underline}
main{max-width:1240px;margin:0 auto;padding:18px 32px 40px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.kpi{background:#fff;border:1px solid var(--line);border-top:3px solid var(--brand);border-radius:6px;padding:10px 14px}
.kpi.err{border-top-color:var(--err)}.kpi.gapk{border-top-color:var(--warn)}
.kpi .l{color:var(--muted);font-size:.85rem}
.kpi .n{display:block;font-size:1.75rem;font-weight:600;font-variant-numeric:tabular-nums;line-height:1.3}
.kpi .d{color:var(--muted);font-size:.8rem}
.acct{margin:12px 0 0;font-size:.92rem;color:#344054}
.acct .ok{color:var(--ok);font-weight:600}.acct .bad{color:var(--err);font-weight:600}
section.block{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px 20px 18px;margin:16px 0}
h2{font-size:1.15rem;margin:0 0 12px;color:var(--brand);border-left:4px solid var(--brand);padding-left:10px;line-height:1.3}
h3{font-size:1rem;margin:16px 0 8px;color:#344054}
p.lead{margin:-4px 0 12px;color:var(--muted);font-size:.9rem}
.pair{display:grid;grid-template-columns:minmax(0,6fr) minmax(0,5fr);gap:28px;align-items:start}
@media (max-width:920px){.pair{grid-template-columns:minmax(0,1fr)}}
figure{margin:0}
figcaption{color:var(--muted);font-size:.8rem;margin-top:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--soft);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f2f4f7;color:#344054;font-weight:600;white-space:nowrap}
tfoot td{font-weight:600;border-top:1px solid var(--line);border-bottom:none}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.zero td{color:#98a2b3}
td.nw{white-space:nowrap}
td .sub{color:var(--muted);font-size:.8rem}
.mono{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:.86em}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 7px;border-radius:3px;font-size:.8rem;color:#fff;white-space:nowrap}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
svg.chart{display:block;width:100%;max-width:640px;height:auto;font-size:13px;font-family:inherit}
svg.chart .lbl{fill:#344054}
svg.chart .val{fill:#344054;font-weight:600}
svg.chart rect{fill:var(--bar)}
svg.chart .error rect{fill:var(--err)}svg.chart .warning rect{fill:var(--warn)}svg.chart .info rect{fill:var(--info)}
svg.chart .none rect{fill:#98a2b3}svg.chart .gapb rect{fill:var(--warn)}
svg.chart .axis{stroke:#98a2b3;stroke-width:1}
.empty{color:var(--muted);font-style:italic}
.note{background:#fffaeb;border:1px solid #fedf89;border-radius:4px;padding:8px 12px;margin:8px 0 10px;font-size:.9rem}
.gap-table td{background:var(--gap)}
.tools{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.tools input,.tools select{font:inherit;padding:5px 10px;border:1px solid var(--line);border-radius:4px;background:#fff}
.tools input{flex:1 1 320px}
.tools .status{color:var(--muted);font-size:.88rem}
.pager{display:flex;gap:6px;align-items:center;font-size:.88rem;color:var(--muted)}
.pager button{font:inherit;padding:3px 10px;border:1px solid var(--line);border-radius:4px;background:#fff;color:var(--brand);cursor:pointer}
.pager button:disabled{color:#98a2b3;cursor:default}
#findings-table tbody tr.pg{display:none}
.scroll{overflow:auto;max-height:78vh;border:1px solid var(--soft)}
.scroll thead th{position:sticky;top:0;z-index:1}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]::after{content:" \2195";color:#98a2b3;font-weight:400}
th[aria-sort=ascending]::after{content:" \25B2";color:var(--brand)}
th[aria-sort=descending]::after{content:" \25BC";color:var(--brand)}
#findings-table td{font-size:.84rem}
#findings-table td.mono{white-space:nowrap}
#findings-table td:nth-child(3),#findings-table td:nth-child(4){min-width:9em}
#findings-table td:nth-child(6){min-width:14em}
#findings-table td:nth-child(7){min-width:13em}
#findings-table td:nth-child(8){min-width:10em;max-width:22em;overflow-wrap:anywhere}
#findings-table td:nth-child(9){min-width:11em}
table.narrow{width:auto;min-width:min(100%,520px)}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:8px 0 28px}
.print-only{display:none}
[hidden]{display:none!important}
@media print{
.print-only{display:block}
#findings,#rejected{page:wide}
#findings-table tbody tr{display:none!important}
#findings-table tbody tr.p{display:table-row!important}
th[data-sort]::after{content:none}
#findings-table td{font-size:7.5pt;padding:3px 5px}
html{font-size:9pt}
body{background:#fff}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
header.top{background:#fff;color:var(--ink);padding:0 0 8px;border-bottom:2px solid var(--brand)}
header.top h1{color:var(--brand)}
nav.toc,.tools{display:none}
main{max-width:none;padding:0}
.kpis{grid-template-columns:repeat(5,1fr);gap:6px}
.kpi{padding:6px 8px}
section.block{border:none;border-radius:0;padding:0;margin:0 0 12pt}
h2{break-after:avoid}
tr,.kpi,figure,svg{break-inside:avoid}
.pair{display:block}
.pair figure{max-width:150mm;margin:8pt 0 0}
.scroll{overflow:visible;max-height:none;border:none}
.scroll thead th{position:static}
thead{display:table-header-group}
a{color:inherit;text-decoration:none}
}
)css";

const char kScript[] = R"js(
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'zh-CN';
  var collator = window.Intl ? new Intl.Collator(lang, {numeric: true}) : null;
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function cmpText(a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); }
  function number(el, name) { return parseInt(el.getAttribute(name), 10) || 0; }

  // Click (or Enter on) a heading with data-sort to sort by that column;
  // again to reverse. A cell's data-s, when present, is its sort key.
  function sortable(table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var type = th.getAttribute('data-sort');
      if (!type) return;
      th.tabIndex = 0;
      function go() {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var keyed = Array.prototype.map.call(body.rows, function (r, i) {
          var c = r.cells[col];
          var v = c ? (c.hasAttribute('data-s') ? c.getAttribute('data-s') : c.textContent) : '';
          return {r: r, i: i, v: type === 'num' ? parseFloat(v) || 0 : v};
        });
        keyed.sort(function (a, b) {
          var c = type === 'num' ? a.v - b.v : cmpText(a.v, b.v);
          return c ? c * dir : a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k.r); });
        body.appendChild(frag);
        if (table.onsorted) table.onsorted();
      }
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); }
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);

  // The findings table: search, severity filter, pages of data-page-rows
  // rows (laying out thousands of rows at once would make the page slow to
  // open), and class p on the first data-print-rows matches, which printing
  // shows whatever the page.
  var table = document.getElementById('findings-table');
  if (table && table.tBodies[0]) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    rows.forEach(function (r, i) { r.setAttribute('data-i', String(i)); });
    var pageRows = number(table, 'data-page-rows') || 200, printRows = number(table, 'data-print-rows');
    var search = document.getElementById('findings-search');
    var severity = document.getElementById('findings-severity');
    var status = document.getElementById('findings-status');
    var template = status.getAttribute('data-template');
    var pager = document.getElementById('findings-pager');
    var prev = document.getElementById('findings-prev'), next = document.getElementById('findings-next');
    var pageLabel = document.getElementById('findings-page');
    var note = document.getElementById('print-cap');
    var matches = [], page = 0;
    var show = function () {
      var pages = Math.max(1, Math.ceil(matches.length / pageRows));
      page = Math.max(0, Math.min(page, pages - 1));
      var from = page * pageRows, to = Math.min(matches.length, from + pageRows), i;
      for (i = 0; i < rows.length; i++) {
        rows[i].style.display = 'none';
        rows[i].className = '';
      }
      for (i = from; i < to; i++) matches[i].style.display = '';
      for (i = 0; i < matches.length && i < printRows; i++) matches[i].className = 'p';
      if (note) note.hidden = matches.length <= printRows;
      status.textContent = template.replace('{from}', fmt(to > from ? from + 1 : 0))
          .replace('{to}', fmt(to)).replace('{shown}', fmt(matches.length))
          .replace('{total}', fmt(rows.length));
      status.setAttribute('data-shown', String(matches.length));
      pager.hidden = pages <= 1;
      pageLabel.textContent = fmt(page + 1) + ' / ' + fmt(pages);
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    var apply = function () {
      var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean), sev = severity.value;
      matches = [];
      for (var r = body.firstElementChild; r; r = r.nextElementSibling) {
        var ok = !sev || r.getAttribute('data-sev') === sev, text = texts[number(r, 'data-i')];
        for (var j = 0; ok && j < terms.length; j++) ok = text.indexOf(terms[j]) >= 0;
        if (ok) matches.push(r);
      }
      page = 0;
      show();
    };
    var turn = function (by) {
      page += by;
      show();
      table.parentNode.scrollTop = 0;
    };
    var timer = 0;
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 150); });
    severity.addEventListener('change', apply);
    prev.addEventListener('click', function () { turn(-1); });
    next.addEventListener('click', function () { turn(1); });
    table.onsorted = apply;
    apply();
  }
  document.documentElement.setAttribute('data-ready', '1');
})();
)js";

class HtmlReport final : public Report {
 public:
  HtmlReport(const ReportContext& ctx, std::string out) : ctx_(ctx), out_(std::move(out)) {}

  bool init(std::string& error) {
    if (!rows_.get()) {
      error = rows_.error();
      return false;
    }
    return true;
  }

  void entity(const EntityResult& r) override {
    const ir::Program& p = *ctx_.program;
    bool zh = ctx_.zh;
    for (const auto& f : r.findings) {
      if (listed_ >= kMaxFindings) return;
      const ir::Rule& rule = p.rules[static_cast<size_t>(f.rule)];
      std::string sev = severity_name(rule.severity);
      std::string& o = buf_;
      o.clear();
      // p: printed; pg: not on the first page (the script takes over both).
      std::string cls = listed_ < kPrintRows ? "p" : "";
      if (listed_ >= kPageRows) cls += cls.empty() ? "pg" : " pg";
      ++listed_;
      o += "<tr data-sev=\"" + sev + "\"" + (cls.empty() ? "" : " class=\"" + cls + "\"") +
           "><td class=\"num\">" + std::to_string(listed_) + "</td><td class=\"mono\">" +
           esc(r.id) + "</td><td>";
      if (rule.item >= 0) {
        const auto& item = p.items[static_cast<size_t>(rule.item)];
        o += esc(item.name);
        if (!item.code.empty()) o += "<div class=\"sub mono\">" + esc(item.code) + "</div>";
      }
      // Where the rule is written: the file's name and line (the path in a tooltip).
      const std::string& file = rule.where.file;
      std::string base =
          file.substr(file.find_last_of('/') == std::string::npos ? 0 : file.find_last_of('/') + 1);
      o += "</td><td>" + esc(rule.name) + "<div class=\"sub mono\" title=\"" + esc(file) + "\">" +
           esc(base) + ":" + std::to_string(rule.where.line) + "</div></td>";
      o += "<td data-s=\"" + std::to_string(rule.severity) + "\"><span class=\"badge " + sev +
           "\">" + severity_label(rule.severity) + "</span></td>";
      o += "<td>" + esc(zh ? rule.message_zh : rule.message_en) + "</td>";
      o += "<td>" + esc(rule.basis) + "</td><td class=\"ev\">";
      for (const auto& [k, v] : f.evidence) o += "<div>" + esc(k) + " = " + esc(v) + "</div>";
      o += "</td><td class=\"dep\">";
      // Lead departments with their office; assisting ones on one line, the
      // detail of each in a tooltip.
      std::string assist, assist_detail;
      for (const auto& d : f.routed) {
        const std::string& name = p.departments[static_cast<size_t>(d.department)].name;
        if (d.lead) {
          o += "<div><strong>" + esc(name) + "</strong> <span class=\"sub\">" +
               esc(level_name(d.level, zh)) + " " + std::to_string(d.unit) + "</span></div>";
        } else {
          if (!assist.empty()) assist += zh ? "、" : ", ";
          assist += esc(name);
          if (!assist_detail.empty()) assist_detail += '\n';
          assist_detail += routed_text(p, d, zh);
        }
      }
      if (!assist.empty())
        o += "<div class=\"sub\" title=\"" + esc(assist_detail) + "\">" +
             (zh ? "配合：" : "assisting: ") + assist + "</div>";
      o += "</td></tr>\n";
      std::fwrite(o.data(), 1, o.size(), rows_.get());
    }
  }

  // Rejects are kept sorted by (table, row) like the JSON report's, but only
  // the first kMaxRejects: the list is cut back whenever it doubles.
  void reject(const Reject& r) override {
    ++rejects_seen_;
    rejects_.push_back(r);
    if (rejects_.size() >= 2 * kMaxRejects) trim_rejects();
  }

  bool finish(const Summary& s, std::string& error) override {
    trim_rejects();
    AtomicFile out;
    if (!out.open(out_, error)) return false;
    std::string o;
    o.reserve(1 << 16);
    head(o, s);
    summary_sections(o, s);
    findings_head(o, s);
    std::fwrite(o.data(), 1, o.size(), out.file());
    o.clear();
    if (!rows_.copy_to(out)) {
      error = rows_.error();
      return false;
    }
    o += "</tbody></table></div>";
    if (listed_ == 0)
      o += "<p class=\"empty\">" + T("本次检查未发现违规。", "No findings.") + "</p>";
    o += "</section>\n";
    rejects_section(o, s);
    o += "<footer>" +
         T("由 jianguan " + esc(ctx_.tool_version) +
               " 生成。本页所有统计数字与同一次运行的 JSON 报告 summary 一致。",
           "Written by jianguan " + esc(ctx_.tool_version) +
               ". Every count on this page equals the JSON report's summary of the same run.") +
         "</footer>\n</main>\n<script>" + kScript + "</script>\n</body>\n</html>\n";
    std::fwrite(o.data(), 1, o.size(), out.file());
    return out.commit(error);
  }

 private:
  std::string T(const std::string& zh, const std::string& en) const { return ctx_.zh ? zh : en; }

  std::string severity_label(int sev) const {
    static const char* kZh[] = {"错误", "警告", "信息"};
    static const char* kEn[] = {"error", "warning", "info"};
    return ctx_.zh ? kZh[sev] : kEn[sev];
  }

  void trim_rejects() {
    std::stable_sort(rejects_.begin(), rejects_.end(), [](const Reject& a, const Reject& b) {
      return std::tie(a.table, a.row) < std::tie(b.table, b.row);
    });
    if (rejects_.size() > kMaxRejects) rejects_.resize(kMaxRejects);
  }

  void head(std::string& o, const Summary& s) {
    const ir::Program& p = *ctx_.program;
    std::string title = T("合规检查报告", "Compliance check report");
    std::string name = p.ruleset + (p.version.empty() ? "" : " " + p.version);
    o += "<!DOCTYPE html>\n<html lang=\"" + T("zh-CN", "en") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n";
    o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
    o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    o += "<meta name=\"generator\" content=\"jianguan " + esc(ctx_.tool_version) + "\">\n";
    o += "<title>" + esc(title + " · " + name + " · " + ctx_.as_of) + "</title>\n<style>";
    o += kStyle;
    // The header and page number of every printed A4 page.
    o += "@page{size:A4;margin:16mm 12mm 14mm 12mm;"
         "@top-left{content:" +
         css_string(T("跨部门综合监管 · ", "Cross-department supervision · ") + title) +
         ";font-size:8pt;color:#667085}"
         "@top-right{content:" +
         css_string(name + " · " + T("基准日 ", "as of ") + ctx_.as_of) +
         ";font-size:8pt;color:#667085}"
         "@bottom-right{content:" +
         T("\"第 \" counter(page) \" 页\"", "\"Page \" counter(page)") +
         ";font-size:8pt;color:#667085}}\n"
         "@page wide{size:A4 landscape}\n";  // the findings and rejects: nine columns
    o += "</style>\n</head>\n<body>\n";
    o += "<header class=\"top\"><div class=\"org\">" +
         T("跨部门综合监管 · 合规检查", "Cross-department comprehensive supervision") +
         "</div><h1>" + title + "</h1><div class=\"sub\" id=\"ruleset-name\">" + esc(name) +
         "</div><dl class=\"meta\">";
    auto meta = [&](const std::string& id, const std::string& label, const std::string& value,
                    bool mono) {
      o += "<div><dt>" + label + "</dt><dd id=\"" + id + "\"" + (mono ? " class=\"mono\"" : "") +
           ">" + esc(value) + "</dd></div>";
    };
    meta("meta-ruleset", T("规则集", "Ruleset"), p.ruleset, false);
    meta("meta-version", T("版本", "Version"), p.version.empty() ? "–" : p.version, false);
    meta("meta-hash", T("内容哈希", "Content hash"), p.hash, true);
    meta("meta-as-of", T("基准日", "As of"), ctx_.as_of, false);
    meta("meta-data", T("数据源", "Data source"), ctx_.data_source, true);
    meta("meta-tool", T("生成工具", "Written by"), "jianguan " + ctx_.tool_version, false);
    o += "</dl></header>\n";
    o += "<nav class=\"toc\">";
    struct {
      const char *id, *zh, *en;
    } links[] = {
        {"overview", "概况", "Overview"},      {"by-severity", "严重程度", "Severity"},
        {"by-item", "事项", "Items"},          {"by-department", "牵头部门", "Departments"},
        {"by-city", "盟市", "Leagues/cities"}, {"grades", "信用等级", "Credit grades"},
        {"gaps", "监管空白", "Gaps"},          {"findings", "违规明细", "Findings"},
        {"rejected", "拒收记录", "Rejected"}};
    for (const auto& l : links)
      o += std::string("<a href=\"#") + l.id + "\">" + (ctx_.zh ? l.zh : l.en) + "</a>";
    o += "</nav>\n<main>\n";

    // Overview: the accounting and the headline numbers.
    int64_t gaps = 0;
    for (const auto& [key, n] : s.unassigned) gaps += n;
    o += "<section class=\"block\" id=\"overview\"><h2>" + T("一、概况", "1. Overview") +
         "</h2><div class=\"kpis\">";
    auto kpi = [&](const std::string& cls, const std::string& label, const std::string& key,
                   int64_t v, const std::string& detail) {
      o += "<div class=\"kpi" + (cls.empty() ? "" : " " + cls) + "\"><div class=\"l\">" + label +
           "</div>" + counted("span", "n", key, v) + "<div class=\"d\">" + detail + "</div></div>";
    };
    kpi("", T("读取主体记录", "Records read"), "records_read", s.records_read,
        T("来自数据源", "from the data source"));
    kpi("", T("已检查", "Checked"), "checked", s.checked,
        T("逐条按规则评估", "evaluated by the rules"));
    kpi("", T("拒收", "Rejected"), "rejected", s.rejected,
        T("数据有误，见拒收记录", "bad data, see Rejected"));
    kpi("err", T("违规总数", "Findings"), "findings", s.findings,
        T("错误 ", "errors ") + num(s.by_severity[0]) + T("，警告 ", ", warnings ") +
            num(s.by_severity[1]) + T("，信息 ", ", info ") + num(s.by_severity[2]));
    o += "<div class=\"kpi gapk\"><div class=\"l\">" + T("监管空白主体", "Entities no one leads") +
         "</div><span class=\"n\" id=\"gap-total\" data-total=\"" + std::to_string(gaps) + "\">" +
         num(gaps) + "</span><div class=\"d\">" +
         T("无牵头部门，见监管空白", "no lead department, see Gaps") + "</div></div>";
    o += "</div>";
    bool ok = s.records_read == s.checked + s.rejected;
    bool eok = s.events_read == s.events_attached + s.events_rejected;
    o += "<p class=\"acct\" id=\"accounting\">" + T("记录核算：读取 ", "Accounting: read ") +
         counted("span", "", "records_read", s.records_read) + T(" = 已检查 ", " = checked ") +
         counted("span", "", "checked", s.checked) + T(" + 拒收 ", " + rejected ") +
         counted("span", "", "rejected", s.rejected) + " <span class=\"" + (ok ? "ok" : "bad") +
         "\">" + (ok ? T("✓ 相符", "✓ balanced") : T("✗ 不符", "✗ does not balance")) +
         "</span><br>" +
         T("事件记录（检查、处罚等）：读取 ", "Event rows (inspections, penalties, ...): read ") +
         counted("span", "", "events_read", s.events_read) + T(" = 已关联 ", " = attached ") +
         counted("span", "", "events_attached", s.events_attached) + T(" + 拒收 ", " + rejected ") +
         counted("span", "", "events_rejected", s.events_rejected) + " <span class=\"" +
         (eok ? "ok" : "bad") + "\">" +
         (eok ? T("✓ 相符", "✓ balanced") : T("✗ 不符", "✗ does not balance")) + "</span></p>";
    o += "</section>\n";
  }

  struct Row {
    std::vector<std::string> cells;  // leading text cells, already escaped
    std::string key;                 // data-k of the count
    int64_t value = 0;
    std::string bar;  // chart label; empty: no bar
    std::string cls;  // bar class
  };

  // A table (text columns, count, share) beside a bar chart of the same
  // rows. Rows are ordered by count, largest first.
  void table_and_chart(std::string& o, const std::vector<std::string>& heads, std::vector<Row> rows,
                       int64_t total, const std::string& chart_title, bool sort_rows = true) {
    if (sort_rows)
      std::stable_sort(rows.begin(), rows.end(),
                       [](const Row& a, const Row& b) { return a.value > b.value; });
    o += "<div class=\"pair\"><div><table class=\"sortable\"><thead><tr>";
    for (const auto& h : heads) o += "<th data-sort=\"text\">" + h + "</th>";
    o += "<th class=\"num\" data-sort=\"num\">" + T("违规数", "Findings") +
         "</th><th class=\"num\" data-sort=\"num\">" + T("占违规总数", "Share") +
         "</th></tr></thead><tbody>";
    for (const auto& r : rows) {
      o += std::string("<tr") + (r.value == 0 ? " class=\"zero\"" : "") + ">";
      for (size_t c = 0; c < r.cells.size(); ++c)
        o += (c == 0 ? "<td class=\"nw\">" : "<td>") + r.cells[c] + "</td>";
      o += counted("td", "num", r.key, r.value) + "<td class=\"num\">" + pct(r.value, total) +
           "</td></tr>";
    }
    o += "</tbody></table></div><figure>";
    std::vector<Bar> bars;
    for (const auto& r : rows) bars.push_back({r.bar, r.key, r.cls, r.value});
    o += bar_chart(bars, chart_title, ctx_.zh);
    o += "<figcaption>" + esc(chart_title) + "</figcaption></figure></div>";
  }

  void summary_sections(std::string& o, const Summary& s) {
    const ir::Program& p = *ctx_.program;
    bool zh = ctx_.zh;

    // By severity.
    o += "<section class=\"block\" id=\"by-severity\"><h2>" +
         T("二、违规按严重程度", "2. Findings by severity") + "</h2>";
    {
      std::vector<Row> rows;
      for (int i = 0; i < 3; ++i) {
        std::string sev = severity_name(i);
        rows.push_back({{"<span class=\"badge " + sev + "\">" + severity_label(i) + "</span>"},
                        "findings_by_severity/" + sev,
                        s.by_severity[i],
                        severity_label(i),
                        sev});
      }
      table_and_chart(o, {T("严重程度", "Severity")}, rows, s.findings,
                      T("各严重程度违规数", "Findings per severity"), false);
    }
    o += "</section>\n";

    // By item, then by rule.
    o += "<section class=\"block\" id=\"by-item\"><h2>" +
         T("三、违规按监管事项", "3. Findings by item") + "</h2>";
    {
      std::vector<Row> rows;
      for (size_t i = 0; i < p.items.size(); ++i) {
        const auto& it = p.items[i];
        rows.push_back(
            {{esc(it.name), esc(it.title) + "<div class=\"sub mono\">" + esc(it.code) + "</div>"},
             "findings_by_item/" + it.name,
             s.by_item[i],
             it.name,
             ""});
      }
      table_and_chart(o, {T("事项", "Item"), T("名称及编码", "Title and code")}, rows, s.findings,
                      T("各事项违规数", "Findings per item"));
      o += "<h3>" + T("按规则", "By rule") +
           "</h3><table class=\"sortable\"><thead><tr><th data-sort=\"text\">" + T("规则", "Rule") +
           "</th><th data-sort=\"text\">" + T("事项", "Item") + "</th><th data-sort=\"num\">" +
           T("严重程度", "Severity") + "</th><th data-sort=\"text\">" + T("问题", "Finding") +
           "</th><th class=\"num\" data-sort=\"num\">" + T("违规数", "Findings") +
           "</th></tr></thead><tbody>";
      // One row per rule name: versions of a rule count together and are
      // described by the version in force on the as-of date.
      std::vector<RuleName> names = rules_by_name(p, ast::parse_date(ctx_.as_of).value_or(0));
      std::vector<int64_t> counts;
      for (const auto& n : names) counts.push_back(n.findings(s));
      std::vector<size_t> order(names.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return counts[a] > counts[b]; });
      for (size_t i : order) {
        const auto& r = p.rules[static_cast<size_t>(names[i].shown)];
        std::string sev = severity_name(r.severity);
        o += std::string("<tr") + (counts[i] == 0 ? " class=\"zero\"" : "") + "><td>" +
             esc(r.name) + "</td><td>" +
             (r.item >= 0 ? esc(p.items[static_cast<size_t>(r.item)].name) : "") +
             "</td><td data-s=\"" + std::to_string(r.severity) + "\"><span class=\"badge " + sev +
             "\">" + severity_label(r.severity) + "</span></td><td>" +
             esc(zh ? r.message_zh : r.message_en) + "</td>" +
             counted("td", "num", "findings_by_rule/" + r.name, counts[i]) + "</tr>";
      }
      o += "</tbody></table>";
    }
    o += "</section>\n";

    // By lead department.
    o += "<section class=\"block\" id=\"by-department\"><h2>" +
         T("四、违规按牵头部门", "4. Findings by lead department") + "</h2><p class=\"lead\">" +
         T("线索分办：每条违规分送其监管事项的牵头部门（就近到旗县、盟市或自治区一级）。",
           "Each finding is routed to the lead department of its item, at the closest office "
           "(banner/county, league/city or region).") +
         "</p>";
    {
      std::vector<Row> rows;
      for (size_t i = 0; i < p.departments.size(); ++i) {
        const auto& d = p.departments[i];
        rows.push_back({{esc(d.name), esc(d.title)},
                        "findings_by_department/" + d.name,
                        s.by_department[i],
                        d.name,
                        ""});
      }
      table_and_chart(o, {T("部门", "Department"), T("全称", "Full name")}, rows, s.findings,
                      T("各牵头部门分办违规数", "Findings routed per lead department"));
    }
    o += "</section>\n";

    // By league/city.
    o += "<section class=\"block\" id=\"by-city\"><h2>" +
         T("五、违规按盟市", "5. Findings by league/city") + "</h2>";
    {
      std::vector<Row> rows;
      for (const auto& [city, n] : s.by_city) {
        std::string code = std::to_string(city);
        std::string name = city_name(city, zh);
        rows.push_back(
            {{name.empty() ? "–" : esc(name), "<span class=\"mono\">" + code + "</span>"},
             "findings_by_city/" + code,
             n,
             name.empty() ? code : name,
             ""});
      }
      table_and_chart(o, {T("盟市", "League/city"), T("区划代码", "Division code")}, rows,
                      s.findings, T("各盟市违规数", "Findings per league/city"));
    }
    o += "</section>\n";

    // Credit grades, then restrictions.
    o += "<section class=\"block\" id=\"grades\"><h2>" + T("六、信用等级分布", "6. Credit grades") +
         "</h2>";
    if (p.credit_models.empty())
      o += "<p class=\"empty\">" + T("规则集未定义信用模型。", "The ruleset has no credit model.") +
           "</p>";
    for (size_t m = 0; m < p.credit_models.size(); ++m) {
      const auto& model = p.credit_models[m];
      int64_t total = 0;
      for (int64_t n : s.grades[m]) total += n;
      o += "<h3>" + T("信用模型 ", "Credit model ") + esc(model.name) + "</h3>";
      o += "<div class=\"pair\"><div><table><thead><tr><th>" + T("等级", "Grade") + "</th><th>" +
           T("分值区间", "Score range") + "</th><th class=\"num\">" + T("主体数", "Entities") +
           "</th><th class=\"num\">" + T("占比", "Share") + "</th></tr></thead><tbody>";
      std::vector<Bar> bars;
      for (size_t g = 0; g < model.grades.size(); ++g) {
        const auto& gr = model.grades[g];
        std::string key = "grades/" + model.name + "/" + gr.name;
        o += "<tr><td><strong>" + esc(gr.name) + "</strong></td><td class=\"muted\">" +
             score_text(gr.from) + " – " + score_text(gr.to) + "</td>" +
             counted("td", "num", key, s.grades[m][g]) + "<td class=\"num\">" +
             pct(s.grades[m][g], total) + "</td></tr>";
        bars.push_back({gr.name, key, "", s.grades[m][g]});
      }
      std::string key = "grades/" + model.name + "/none";
      o += "<tr><td>" + T("无等级", "none") + "</td><td class=\"muted\">" +
           T("分值不在任何等级区间", "score in no grade's range") + "</td>" +
           counted("td", "num", key, s.grades[m].back()) + "<td class=\"num\">" +
           pct(s.grades[m].back(), total) + "</td></tr>";
      bars.push_back({T("无等级", "none"), key, "none", s.grades[m].back()});
      o += "</tbody><tfoot><tr><td colspan=\"2\">" + T("合计", "Total") +
           "</td><td class=\"num\">" + num(total) +
           "</td><td></td></tr></tfoot></table></div><figure>";
      std::string title = T("各信用等级主体数", "Entities per credit grade");
      o += bar_chart(bars, title, zh) + "<figcaption>" + title + "</figcaption></figure></div>";
    }
    o += "<h3>" + T("受限制主体（按限制措施）", "Entities restricted, per measure") + "</h3>";
    bool any = false;
    std::string t = "<table class=\"narrow\"><thead><tr><th>" + T("限制措施", "Restriction") +
                    "</th><th class=\"num\">" + T("主体数", "Entities") +
                    "</th></tr></thead><tbody>";
    for (size_t i = 0; i < s.restricted.size(); ++i) {
      if (!s.restricted[i]) continue;
      any = true;
      std::string name = restriction_name(static_cast<int>(i), zh);
      t += "<tr><td>" + esc(name) + "</td>" +
           counted("td", "num", "restrictions/" + name, s.restricted[i]) + "</tr>";
    }
    t += "</tbody></table>";
    o += any ? t
             : "<p class=\"empty\">" + T("没有受限制的主体。", "No entity is restricted.") + "</p>";
    o += "</section>\n";

    // Responsibility gaps.
    o += "<section class=\"block\" id=\"gaps\"><h2>" +
         T("七、监管空白（无牵头部门的主体）",
           "7. Responsibility gaps (entities no department leads)") +
         "</h2><p class=\"lead\">" +
         T("下列主体类别在所在盟市没有任何监管事项为其指定牵头部门，请领导小组办公室明确责任部门。",
           "No supervision item gives these kinds of entity a lead department in their "
           "league/city; the leading group's office should assign one.") +
         "</p>";
    if (s.unassigned.empty()) {
      o += "<p class=\"empty\">" +
           T("没有监管空白。", "No gaps: every entity has a lead department.") + "</p>";
    } else {
      o += "<table class=\"sortable gap-table\"><thead><tr><th data-sort=\"text\">" +
           T("主体类别", "Kind") + "</th><th data-sort=\"text\">" + T("盟市", "League/city") +
           "</th><th data-sort=\"text\">" + T("区划代码", "Division code") +
           "</th><th class=\"num\" data-sort=\"num\">" + T("主体数", "Entities") +
           "</th></tr></thead><tbody>";
      for (const auto& [key, n] : s.unassigned) {
        std::string kind = key.first >= 0 ? p.kinds[static_cast<size_t>(key.first)] : std::string();
        std::string city = std::to_string(key.second);
        std::string name = city_name(key.second, zh);
        o += "<tr><td>" + (kind.empty() ? T("（未知类别）", "(unknown kind)") : esc(kind)) +
             "</td><td>" + (name.empty() ? "–" : esc(name)) + "</td><td class=\"mono\">" + city +
             "</td>" + counted("td", "num", "unassigned/" + kind + "/" + city, n) + "</tr>";
      }
      o += "</tbody></table>";
    }
    o += "</section>\n";
  }

  void findings_head(std::string& o, const Summary& s) {
    o += "<section class=\"block\" id=\"findings\"><h2>" + T("八、违规明细", "8. Findings") +
         "</h2>";
    if (s.findings > listed_)
      o += "<p class=\"note\" id=\"findings-cap\" data-listed=\"" + std::to_string(listed_) +
           "\" data-omitted=\"" + std::to_string(s.findings - listed_) + "\">" +
           T("本页仅列出前 " + num(listed_) + " 条违规（共 " + num(s.findings) + " 条，另有 " +
                 num(s.findings - listed_) +
                 " 条未列出）。上方各项统计包含全部违规；完整清单见同一次运行的 JSON、CSV 或 "
                 "SQLite 报告"
                 "（--format json / csv / sqlite）。",
             "This page lists the first " + num(listed_) + " findings of " + num(s.findings) +
                 " (" + num(s.findings - listed_) +
                 " not listed). The counts above include every finding; the JSON, CSV and SQLite "
                 "reports of the same run (--format json / csv / sqlite) list them all.") +
           "</p>";
    o +=
        "<p class=\"note print-only\" id=\"print-cap\"" +
        std::string(listed_ > kPrintRows ? "" : " hidden") + ">" +
        T("打印版只包含当前搜索、筛选结果中的前 " + num(kPrintRows) +
              " 条违规（可先搜索或筛选再打印）；完整明细见电子版或 JSON、CSV、SQLite 报告。",
          "The printout has the first " + num(kPrintRows) +
              " findings that match the current search and filter (search or filter before "
              "printing); the page on screen and the JSON, CSV and SQLite reports have them all.") +
        "</p>";
    o += "<div class=\"tools\"><input type=\"search\" id=\"findings-search\" placeholder=\"" +
         T("搜索主体代码、事项、规则、依据、证据、部门……",
           "Search entity, item, rule, basis, evidence, department...") +
         "\" aria-label=\"" + T("搜索违规", "Search findings") +
         "\"><select id=\"findings-severity\" aria-label=\"" + T("严重程度", "Severity") +
         "\"><option value=\"\">" + T("全部严重程度", "All severities") + "</option>";
    for (int i = 0; i < 3; ++i)
      o += "<option value=\"" + severity_name(i) + "\">" + severity_label(i) + "</option>";
    o += "</select><span class=\"status\" id=\"findings-status\" data-template=\"" +
         T("显示第 {from}–{to} 条 · 匹配 {shown} / 共 {total} 条",
           "{from}–{to} of {shown} matching ({total} listed)") +
         "\">" + T("共 ", "") + num(listed_) + T(" 条", " listed") +
         "</span><span class=\"pager\" id=\"findings-pager\" hidden><button type=\"button\" "
         "id=\"findings-prev\">" +
         T("上一页", "Previous") +
         "</button><span id=\"findings-page\"></span><button type=\"button\" " +
         "id=\"findings-next\">" + T("下一页", "Next") + "</button></span></div>";
    if (listed_ > kPageRows)
      o += "<noscript><p class=\"note\">" +
           T("浏览器未启用 JavaScript：只显示前 " + num(kPageRows) + " 条，无法翻页、搜索和排序。",
             "JavaScript is off: only the first " + num(kPageRows) +
                 " rows are shown, without pages, search or sorting.") +
           "</p></noscript>";
    o += "<div class=\"scroll\"><table id=\"findings-table\" class=\"sortable\" data-listed=\"" +
         std::to_string(listed_) + "\" data-page-rows=\"" + std::to_string(kPageRows) +
         "\" data-print-rows=\"" + std::to_string(kPrintRows) + "\"><thead><tr>";
    struct {
      const char *type, *zh, *en;
    } heads[] = {{"num", "序号", "#"},
                 {"text", "主体", "Entity"},
                 {"text", "事项", "Item"},
                 {"text", "规则", "Rule"},
                 {"num", "严重程度", "Severity"},
                 {"text", "问题", "Finding"},
                 {"text", "法律依据", "Legal basis"},
                 {"text", "证据", "Evidence"},
                 {"text", "责任部门", "Departments"}};
    for (const auto& h : heads)
      o += std::string("<th data-sort=\"") + h.type + "\">" + (ctx_.zh ? h.zh : h.en) + "</th>";
    o += "</tr></thead><tbody>\n";
  }

  void rejects_section(std::string& o, const Summary& s) {
    o += "<section class=\"block\" id=\"rejected\"><h2>" +
         T("九、拒收记录", "9. Rejected records") + "</h2><p class=\"lead\">" +
         T("无法评估的记录：主体记录 ", "Records that could not be evaluated: entity records ") +
         counted("span", "", "rejected", s.rejected) + T("，事件记录 ", ", event rows ") +
         counted("span", "", "events_rejected", s.events_rejected) + T("。", ".") + "</p>";
    if (rejects_seen_ > static_cast<int64_t>(rejects_.size()))
      o += "<p class=\"note\" id=\"rejects-cap\">" +
           T("仅列出前 " + num(static_cast<int64_t>(rejects_.size())) + " 条（共 " +
                 num(rejects_seen_) + " 条）；完整清单见 JSON 或 SQLite 报告。",
             "The first " + num(static_cast<int64_t>(rejects_.size())) + " of " +
                 num(rejects_seen_) + " are listed; the JSON and SQLite reports list them all.") +
           "</p>";
    if (rejects_.empty()) {
      o += "<p class=\"empty\">" + T("没有拒收记录。", "No record was rejected.") +
           "</p></section>\n";
      return;
    }
    o += "<table class=\"sortable\" id=\"rejected-table\"><thead><tr><th data-sort=\"text\">" +
         T("表", "Table") + "</th><th class=\"num\" data-sort=\"num\">" + T("行", "Row") +
         "</th><th data-sort=\"text\">" + T("主键", "Key") + "</th><th data-sort=\"text\">" +
         T("原因", "Reason") + "</th></tr></thead><tbody>";
    for (const auto& r : rejects_)
      o += "<tr><td>" + esc(r.table) + "</td><td class=\"num\">" + std::to_string(r.row) +
           "</td><td class=\"mono\">" + esc(r.key) + "</td><td>" + esc(r.reason) + "</td></tr>";
    o += "</tbody></table></section>\n";
  }

  ReportContext ctx_;
  std::string out_;
  TempStream rows_;
  std::string buf_;
  int64_t listed_ = 0;
  std::vector<Reject> rejects_;
  int64_t rejects_seen_ = 0;
};

}  // namespace

std::unique_ptr<Report> make_html_report(const ReportContext& ctx, const std::string& out,
                                         std::string& error) {
  auto r = std::make_unique<HtmlReport>(ctx, out);
  if (!r->init(error)) return nullptr;
  return r;
}

}  // namespace jianguan::rt
