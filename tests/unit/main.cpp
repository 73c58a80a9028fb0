// The Catch2 v2 entry point; every other file here only holds TEST_CASEs.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
