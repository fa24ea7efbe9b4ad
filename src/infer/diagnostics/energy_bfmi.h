#pragma once
// The energy Bayesian fraction of missing information of one chain of
// Hamiltonian Monte Carlo (Betancourt 2016): the mean squared change of the
// energy from draw to draw over the energy's variance, as ArviZ's bfmi
// computes it. Below about 0.3 the momentum resampling moves too little in
// energy for the chain to explore the tails.
#include <vector>

namespace ppl::infer {

// NaN for fewer than 2 energies or a constant energy.
double energy_bfmi(const std::vector<double>& energies);

}  // namespace ppl::infer
