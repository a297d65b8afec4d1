#pragma once
// (in progress) part of courtflow bottlenecks.
