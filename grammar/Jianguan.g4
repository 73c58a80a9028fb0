// Jianguan rule language. Every keyword has an English and a Chinese spelling.
// No actions: the compiler's syntax layer turns the parse tree into the AST.
// Full-width punctuation is lexed into its own tokens and remapped (with a
// diagnostic) before parsing, so one slip does not cascade into many errors.
grammar Jianguan;

file_ : decl* EOF ;

decl
  : rulesetDecl | importDecl | departmentDecl | kindDecl | enumDecl | entityDecl
  | eventDecl | itemDecl | jointDecl | ruleDecl | creditDecl | measuresDecl | testDecl
  ;

rulesetDecl : RULESET STRING (VERSION STRING)? SEMI? ;
importDecl  : IMPORT STRING SEMI? ;

// ---- departments and kinds ---------------------------------------------
departmentDecl : DEPARTMENT name STRING? LBRACE departmentClause* RBRACE ;
departmentClause
  : LEVELS nameList SEMI?                 # DeptLevels
  | JURISDICTION divisionList SEMI?       # DeptJurisdiction
  | DOMAINS nameList SEMI?                # DeptDomains
  | effectiveClause                       # DeptEffective
  ;
divisionList : INT (COMMA INT)* ;

kindDecl : KIND name STRING? (LBRACE kindClause* RBRACE)? SEMI? ;
kindClause : ACTIVITIES nameList SEMI? ;

enumDecl : ENUM name LBRACK nameList RBRACK SEMI? ;

// ---- record schema -----------------------------------------------------
entityDecl : ENTITY name STRING? LBRACE schemaClause* RBRACE ;
eventDecl  : EVENT name STRING? OF name (AS name)? LBRACE schemaClause* RBRACE ;
schemaClause
  : TABLE STRING SEMI?                                    # SchemaTable
  | LINK name SEMI?                                       # SchemaLink
  | FIELD name COLON typeRef fieldAttr* SEMI?             # SchemaField
  ;
fieldAttr : KEY | OPTIONAL | COLUMN STRING ;
typeRef
  : ENUM LBRACK nameList RBRACK     # EnumTypeRef
  | KIND                            # KindTypeRef
  | DEPARTMENT                      # DeptTypeRef
  | name                            # NamedTypeRef
  ;

// ---- supervision items -------------------------------------------------
itemDecl : ITEM name STRING? LBRACE itemClause* RBRACE ;
itemClause
  : CODE STRING SEMI?                                            # ItemCode
  | BASIS STRING SEMI?                                           # ItemBasis
  | COVERS nameList SEMI?                                        # ItemCovers
  | role=(LEAD | ASSIST) nameList (AT nameList)? (FOR nameList)? SEMI?   # ItemDuty
  | METHOD nameList SEMI?                                        # ItemMethod
  | RATIO number SEMI?                                           # ItemRatio
  | FREQUENCY INT TIMES? SLASH unit SEMI?                        # ItemFrequency
  | effectiveClause                                              # ItemEffective
  ;
effectiveClause : (EFFECTIVE DATE | ABOLISHED DATE) SEMI? ;

jointDecl : JOINT name STRING? LBRACE jointClause* RBRACE ;
jointClause
  : ITEM nameList SEMI?              # JointItems
  | WINDOW duration SEMI?            # JointWindow
  ;

// ---- compliance rules --------------------------------------------------
ruleDecl : RULE name IN name LBRACE ruleClause* RBRACE ;
ruleClause
  : WHEN expr SEMI?                              # RuleWhen
  | LET name ASSIGN expr SEMI?                   # RuleLet
  | REQUIRE expr SEMI?                           # RuleRequire
  | SEVERITY name SEMI?                          # RuleSeverity
  | MESSAGE STRING (SLASH STRING)? SEMI?         # RuleMessage
  | BASIS STRING SEMI?                           # RuleBasis
  | CONDUCT STRING SEMI?                         # RuleConduct
  | effectiveClause                              # RuleEffective
  ;

// ---- credit models and graded measures ---------------------------------
creditDecl : CREDIT name STRING? LBRACE creditClause* RBRACE ;
creditClause
  : BASE number SEMI?                                          # CreditBase
  | INDICATOR name ASSIGN expr WEIGHT signedNumber SEMI?       # CreditIndicator
  | GRADE name (FROM signedNumber)? (TO signedNumber)? SEMI?   # CreditGrade
  | OVERRIDE name WHEN expr SEMI?                              # CreditOverride
  ;

measuresDecl : MEASURES name BY name LBRACE measureClause* RBRACE ;
measureClause
  : GRADE name measureAttr* SEMI?                                   # MeasureGrade
  | RESTRICT nameList WHEN expr (BASIS STRING)? SEMI?                # MeasureRestrict
  ;
measureAttr
  : RATIO number                          # AttrRatio
  | FREQUENCY INT TIMES? SLASH unit       # AttrFrequency
  | RESTRICT nameList                     # AttrRestrict
  | BASIS STRING                          # AttrBasis
  ;

// ---- tests -------------------------------------------------------------
testDecl : TEST STRING LBRACE testClause* RBRACE ;
testClause
  : AS_OF DATE SEMI?                                   # TestAsOf
  | GIVEN name LBRACE (fieldInit (COMMA fieldInit)* COMMA?)? RBRACE SEMI?   # TestGiven
  | EXPECT NO? FINDING name SEMI?                      # TestExpectFinding
  | EXPECT GRADE name SEMI?                            # TestExpectGrade
  | EXPECT NO? RESTRICT name SEMI?                     # TestExpectRestrict
  ;
fieldInit : name COLON expr ;

// ---- expressions -------------------------------------------------------
expr
  : primary                                                # PrimaryExpr
  | op=(MINUS | NOT) expr                                  # UnaryExpr
  | expr op=(STAR | SLASH) expr                            # MulExpr
  | expr op=(PLUS | MINUS) expr                            # AddExpr
  | expr DEFAULT expr                                      # DefaultExpr
  | expr op=(LT | LE | GT | GE | EQ | NE) expr             # CompareExpr
  | expr ASSIGN expr                                       # AssignTypoExpr
  | expr NOT? IN LBRACK (expr (COMMA expr)*)? RBRACK       # InExpr
  | expr op=(CONTAINS | STARTS_WITH) expr                  # TextExpr
  | expr AND expr                                          # AndExpr
  | expr OR expr                                           # OrExpr
  ;
primary
  : number                                     # NumberLit
  | number unit                                # DurationLit
  | STRING                                     # StringLit
  | DATE                                       # DateLit
  | (TRUE | FALSE)                             # BoolLit
  | AS_OF                                      # AsOfRef
  | AGG LPAREN aggTarget (WHERE expr)? (WITHIN duration)? RPAREN   # AggExpr
  | callee LPAREN (expr (COMMA expr)*)? RPAREN # CallExpr
  | name                                       # NameRef
  | LPAREN expr RPAREN                         # ParenExpr
  ;
// `year(...)` is a function although `year` is also a unit.
callee : name | YEARS ;
aggTarget : name (DOT name)? ;
duration : number unit ;
unit : DAYS | MONTHS | YEARS ;
number : INT | DECIMAL | PERCENT ;
signedNumber : MINUS? number ;

nameList : name (COMMA name)* ;
// Identifier positions also accept the few keywords that read naturally as
// names (a field called `code`, a level called `county`), so they stay usable.
name
  : ID | CODE | KEY | TABLE | COLUMN | BASE | WEIGHT | WINDOW | METHOD | KIND | DEPARTMENT | TEST
  | ITEM | BASIS | CONDUCT | GRADE | LEVELS | DOMAINS | RATIO | FREQUENCY | SEVERITY | MESSAGE
  | EVENT | ENTITY | LINK | EFFECTIVE | ABOLISHED | VERSION | INDICATOR
  ;

// ---- lexer -------------------------------------------------------------
RULESET     : 'ruleset' | '规则集' ;
VERSION     : 'version' | '版本' ;
IMPORT      : 'import' | '导入' ;
DEPARTMENT  : 'department' | '部门' ;
LEVELS      : 'levels' | '层级' ;
JURISDICTION: 'jurisdiction' | '辖区' ;
DOMAINS     : 'domains' | '领域' ;
KIND        : 'kind' | '类别' ;
ACTIVITIES  : 'activities' | '业务' ;
ENUM        : 'enum' | '枚举' ;
ENTITY      : 'entity' | '主体' ;
EVENT       : 'event' | '事件' ;
OF          : 'of' | '关联' ;
AS          : 'as' | '用途' ;
TABLE       : 'table' | '表' ;
LINK        : 'link' | '外键' ;
FIELD       : 'field' | '字段' ;
COLUMN      : 'column' | '列' ;
KEY         : 'key' | '主键' ;
OPTIONAL    : 'optional' | '可选' ;
ITEM        : 'item' | '事项' ;
CODE        : 'code' | '编码' ;
BASIS       : 'basis' | '依据' ;
COVERS      : 'covers' | '对象' ;
LEAD        : 'lead' | '牵头' ;
ASSIST      : 'assist' | '配合' ;
AT          : 'at' | '在' ;
FOR         : 'for' | '负责' ;
METHOD      : 'method' | '方式' ;
RATIO       : 'ratio' | '比例' ;
FREQUENCY   : 'frequency' | '频次' ;
TIMES       : 'times' | '次' ;
EFFECTIVE   : 'effective' | '生效' ;
ABOLISHED   : 'abolished' | '废止' ;
JOINT       : 'joint' | '联合' ;
WINDOW      : 'window' | '窗口' ;
RULE        : 'rule' | '规则' ;
WHEN        : 'when' | '适用' | '当' ;
LET         : 'let' | '令' ;
REQUIRE     : 'require' | '要求' ;
SEVERITY    : 'severity' | '严重' ;
MESSAGE     : 'message' | '提示' ;
CONDUCT     : 'conduct' | '行为' ;
CREDIT      : 'credit' | '信用模型' ;
BASE        : 'base' | '基础分' ;
INDICATOR   : 'indicator' | '指标' ;
WEIGHT      : 'weight' | '权重' ;
GRADE       : 'grade' | '等级' ;
FROM        : 'from' | '从' ;
TO          : 'to' | '到' ;
OVERRIDE    : 'override' | '强制' ;
MEASURES    : 'measures' | '措施' ;
BY          : 'by' | '按' ;
RESTRICT    : 'restrict' | '限制' ;
TEST        : 'test' | '测试' ;
GIVEN       : 'given' | '给定' ;
EXPECT      : 'expect' | '期望' ;
FINDING     : 'finding' | '违规' ;
NO          : 'no' | '无' ;
AS_OF       : 'as_of' | '基准日' ;
AND         : 'and' | '且' ;
OR          : 'or' | '或' ;
NOT         : 'not' | '非' ;
IN          : 'in' | '属于' ;
TRUE        : 'true' | '真' ;
FALSE       : 'false' | '假' ;
WHERE       : 'where' | '其中' ;
WITHIN      : 'within' | '近' ;
CONTAINS    : 'contains' | '包含' ;
STARTS_WITH : 'starts_with' | '开头为' ;
DEFAULT     : '??' | '否则' ;
AGG         : 'count' | 'sum' | 'min' | 'max' | 'latest' | '计数' | '求和' | '最小' | '最大' | '最近' ;
DAYS        : 'days' | 'day' | '天' | '日' ;
MONTHS      : 'months' | 'month' | '个月' | '月' ;
YEARS       : 'years' | 'year' | '年' ;

DATE    : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
PERCENT : DIGIT+ ('.' DIGIT+)? '%' ;
DECIMAL : DIGIT+ '.' DIGIT+ ;
INT     : DIGIT+ ;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"' ;
// A text not closed on its line: one token to the end of the line, reported
// once (E0105) and parsed as a text, so nothing after it cascades.
UNCLOSED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
// Full-width quotes are a common slip when typing Chinese: lexed so the
// front end can name the character instead of failing on it.
FW_STRING : '“' ~[”\r\n]* '”' ;
ID      : [\p{L}_] [\p{L}\p{N}_]* ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' | '、' ;
SEMI   : ';' ;
COLON  : ':' ;
DOT    : '.' ;
EQ : '==' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
LT : '<' ;
GT : '>' ;
ASSIGN : '=' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;

// Full-width punctuation: remapped to its ASCII token with a diagnostic.
FW_COLON : '：' ;
FW_SEMI : '；' ;
FW_COMMA : '，' ;
FW_LPAREN : '（' ;
FW_RPAREN : '）' ;
FW_LBRACE : '｛' ;
FW_RBRACE : '｝' ;
FW_LBRACK : '【' ;
FW_RBRACK : '】' ;
FW_EQUAL : '＝' ;
FW_GT : '＞' ;
FW_LT : '＜' ;
FW_PERCENT : '％' ;
FW_SQUOTE : '‘' | '’' ;

fragment DIGIT : [0-9] ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n\u3000\uFEFF]+ -> channel(HIDDEN) ;
// Anything else is one bad character; the front end reports it by name.
BAD_CHAR : . ;
