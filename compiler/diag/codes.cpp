#include "diag/codes.h"

namespace jianguan {

const std::vector<CodeInfo>& diagnostic_codes() {
  static const std::vector<CodeInfo> codes = {
      {"E0101", "syntax error", "语法错误"},
      {"E0102", "full-width punctuation", "使用了全角标点"},
      {"E0103", "block not closed", "代码块未结束"},
      {"E0104", "`=` used to compare", "用 `=` 进行比较"},
      {"E0105", "text not closed", "文本缺少结尾引号"},
      {"E0106", "invalid character", "无效字符"},
      {"E0107", "invalid UTF-8", "无效的 UTF-8 编码"},
      {"E0108", "date does not exist", "日期不存在"},
      {"E0109", "number too large", "数字过大"},
      {"E0150", "file too large", "文件过大"},
      {"E0151", "nesting too deep", "嵌套过深"},
      {"E0152", "name too long", "名称过长"},
      {"E0153", "text too long", "文本过长"},
      {"E0154", "too many files", "文件过多"},
      {"E0201", "cannot read input", "无法读取输入"},
      {"E0202", "import cycle", "循环导入"},
      {"E0203", "import outside the ruleset", "导入超出规则集范围"},
      {"E0204", "imported file not found", "导入的文件不存在"},
      {"E0205", "folder has no rule files", "文件夹中没有规则文件"},
      {"E0301", "declared twice", "重复声明"},
      {"E0302", "unknown department", "未声明的部门"},
      {"E0303", "unknown kind", "未声明的类别"},
      {"E0304", "unknown item", "未声明的事项"},
      {"E0305", "unknown name", "未声明的名称"},
      {"E0306", "unknown level, action, method, severity or restriction",
       "未知的层级、职能、方式、严重程度或限制措施"},
      {"E0307", "unknown type", "未知类型"},
      {"E0308", "unknown table", "未声明的数据表"},
      {"E0309", "unknown grade", "未声明的等级"},
      {"E0310", "unknown credit model", "未声明的信用模型"},
      {"E0311", "unknown function", "未知函数"},
      {"E0312", "unknown rule", "未声明的规则"},
      {"E0313", "unknown field", "未声明的字段"},
      {"E0401", "type mismatch", "类型不匹配"},
      {"E0402", "enumeration value does not exist", "枚举取值不存在"},
      {"E0403", "optional value used without handling its absence", "可选值未处理缺失情况"},
      {"E0404", "operator does not apply", "运算不适用"},
      {"E0405", "condition is not true/false", "条件不是真假值"},
      {"E0406", "wrong use of a function or aggregate", "函数或聚合用法错误"},
      {"E0407", "indicator is not a number", "指标不是数值"},
      {"E0408", "test value has the wrong type", "测试取值类型错误"},
      {"E0501", "rule without a requirement", "规则缺少要求"},
      {"E0503", "value out of range", "取值超出范围"},
      {"E0504", "abolished before in force", "废止早于生效"},
      {"E0505", "entity key missing or repeated", "主体主键缺失或重复"},
      {"E0506", "event table without a link", "事件表缺少外键"},
      {"E0507", "more than one entity table", "主体表多于一个"},
      {"E0508", "more than one kind field", "类别字段多于一个"},
      {"E0509", "empty grade range", "等级分数区间为空"},
      {"E0510", "test without an entity", "测试缺少主体记录"},
      {"E0511", "versions of a rule in different items", "规则的版本属于不同事项"},
      {"W0601", "kind covered by no item (gap)", "类别无事项覆盖（监管空白）"},
      {"W0602", "item without a lead department", "事项缺少牵头部门"},
      {"W0603", "no department for a kind, action and level (gap)",
       "类别的某职能在某层级无部门负责（监管空白）"},
      {"W0605", "item in force when its lead department is not", "事项生效期间牵头部门不在职"},
      {"W0611", "two lead departments (overlap)", "多个牵头部门（职责交叉）"},
      {"W0612", "several departments inspect one kind without a joint arrangement",
       "多部门分别检查同一类别且未安排联合检查"},
      {"W0613", "same conduct penalised on the same basis in two items",
       "同一行为依同一依据在两个事项中处罚（重复处罚风险）"},
      {"W0621", "rule in force when its item is not", "规则生效期超出其事项"},
      {"W0622", "two versions of a rule in force at once", "同一规则的两个版本同时生效"},
      {"W0631", "scores without a grade", "分数区间无对应等级"},
      {"W0632", "overlapping grades", "等级分数区间重叠"},
      {"W0633", "sampling ratio falls as risk rises", "抽查比例随风险升高而下降"},
      {"W0634", "restriction without a legal basis", "限制措施缺少法律依据"},
  };
  return codes;
}

const CodeInfo* find_code(const std::string& code) {
  for (const auto& c : diagnostic_codes())
    if (code == c.code) return &c;
  return nullptr;
}

}  // namespace jianguan
