#include "frontend/foreign_names.h"

namespace ppl::frontend {

const std::vector<std::pair<std::string, std::string>>& foreign_names() {
  static const std::vector<std::pair<std::string, std::string>> table = {
      // Stan's functions.
      {"inv_logit", "sigmoid"},
      {"log_sum_exp", "logsumexp"},
      {"log1p_exp", "softplus"},
      {"fabs", "abs"},
      {"sd", "std"},
      {"variance", "var"},
      {"cumulative_sum", "cumsum"},
      {"num_elements", "size"},
      {"dims", "shape"},
      {"rep_vector", "full"},
      {"rep_row_vector", "full"},
      {"rep_array", "full"},
      {"rep_matrix", "full"},
      {"to_vector", "reshape"},
      {"to_matrix", "reshape"},
      {"append_row", "concat"},
      {"append_col", "concat"},
      {"identity_matrix", "eye"},
      {"cholesky_decompose", "cholesky"},
      {"log_determinant", "log_abs_det"},
      {"determinant", "det"},
      {"mdivide_left", "solve"},
      {"diag_matrix", "diag"},
      {"log_determinant_spd", "log_det"},
      {"mdivide_left_tri_low", "triangular_solve"},
      {"reverse", "flip"},
      {"fmin", "minimum"},
      {"fmax", "maximum"},
      {"std_normal_cdf", "ndtr"},
      {"std_normal_lcdf", "log_ndtr"},
      {"Phi_approx", "Phi"},
      {"lmultiply", "xlogy"},
      // NumPy's and SciPy's.
      {"expit", "sigmoid"},
      {"concatenate", "concat"},
      {"amin", "min"},
      {"amax", "max"},
      {"power", "pow"},
      {"absolute", "abs"},
      {"gammaln", "lgamma"},
      {"psi", "digamma"},
      // Stan's distributions.
      {"normal", "Normal"},
      {"student_t", "StudentT"},
      {"lognormal", "LogNormal"},
      {"inv_gamma", "InverseGamma"},
      {"double_exponential", "Laplace"},
      {"neg_binomial_2", "NegativeBinomial2"},
      {"bernoulli_logit", "Bernoulli"},
      {"binomial_logit", "Binomial"},
      {"categorical_logit", "Categorical"},
      {"multi_normal", "MultivariateNormal"},
      {"multi_normal_cholesky", "MultivariateNormal"},
      {"lkj_corr_cholesky", "LKJCholesky"},
      {"von_mises", "VonMises"},
      {"half_normal", "HalfNormal"},
      {"half_cauchy", "HalfCauchy"},
      {"beta_binomial", "BetaBinomial"},
      {"ordered_logistic", "OrderedLogistic"},
      {"std_normal", "Normal"},
      {"exponential", "Exponential"},
      {"weibull", "Weibull"},
  };
  return table;
}

std::optional<std::string> ppl_name_for(const std::string& foreign) {
  for (const auto& [name, ppl_name] : foreign_names())
    if (name == foreign) return ppl_name;
  return std::nullopt;
}

}  // namespace ppl::frontend
