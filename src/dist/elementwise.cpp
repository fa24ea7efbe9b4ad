#include "dist/elementwise.h"

#include "dist/continuous_common.h"

namespace ppl::dist {

void check_role(const char* distribution, const Role& role, ad::Var value) {
  switch (role.domain) {
    case Domain::Any:
      return;
    case Domain::Finite:
      return check_argument(distribution, role.name, value, domain::finite, "finite");
    case Domain::Positive:
      return check_argument(distribution, role.name, value, domain::positive, "positive");
    case Domain::UnitInterval:
      return check_argument(distribution, role.name, value, domain::unit_interval, "in [0, 1]");
  }
}

}  // namespace ppl::dist
