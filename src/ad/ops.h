#pragma once
// All differentiable operations on ad::Var; see ad/tape.h for the design.
#include "ad/ops_elementwise.h"
#include "ad/ops_incomplete.h"
#include "ad/ops_layout.h"
#include "ad/ops_linalg.h"
#include "ad/ops_reduce.h"
#include "ad/ops_special.h"
#include "ad/tape.h"
