#pragma once
// (in progress) comparison.json and comparison.csv.
