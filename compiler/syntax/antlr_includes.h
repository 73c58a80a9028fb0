// The only place generated ANTLR headers are included; their warnings are
// not ours to fix.
#pragma once
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "JianguanLexer.h"
#include "JianguanParser.h"
#include "antlr4-runtime.h"
#pragma GCC diagnostic pop
