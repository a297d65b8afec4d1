#pragma once
// Simulation time. The engine's one unit is the day, held as a double; every other unit is
// converted at the edges (model files, reports). sim/ knows nothing of calendars.

namespace courtflow::sim {

/// A point on the simulation clock, in days from time zero (which a model may tie to a date).
using SimTime = double;

}  // namespace courtflow::sim
