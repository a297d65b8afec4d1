#pragma once
// The stage graph of a model as Graphviz DOT text (`courtflow graph`): stages as boxes
// labelled with their id and servers ("delay" for infinite stages), an "arrivals" source and
// an "exit" sink, edges labelled with probabilities, rates and case types, reneging edges
// dashed. The text is ASCII-safe apart from ids the model itself contains, and deterministic:
// the same model always gives the same text.

#include <string>

#include "models/model.hpp"

namespace courtflow::models {

/// The DOT text of `m`'s stage graph (a `digraph`, left to right). Works on invalid models
/// too: references to unknown stages are left out.
std::string to_dot(const Model& m);

}  // namespace courtflow::models
