// (in progress) comparison.json and comparison.csv.
#include "analysis/comparison_output.hpp"
