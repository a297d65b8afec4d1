#pragma once
// (in progress) shared pieces of the simulating subcommands.
