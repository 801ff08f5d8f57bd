package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// countValidator checks a count given as a Terraform number: a whole
// number from min to max. Counts are Number attributes rather than Int64
// ones so that a fraction such as 1.5 meets this check, with a message
// that says what is wrong, instead of the framework's conversion error.
type countValidator struct{ min, max int64 }

func (v countValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number from %d to %d", v.min, v.max)
}

func (v countValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v countValidator) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f := req.ConfigValue.ValueBigFloat()
	n, acc := f.Int64()
	if f.IsInt() && acc == big.Exact && n >= v.min && n <= v.max {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid count",
		fmt.Sprintf("%s %s, got %s.", req.Path, v.Description(ctx), f.Text('g', -1)))
}

// countValue is the value of a Number checked by countValidator; 0 when
// unset.
func countValue(n types.Number) int64 {
	if n.IsNull() || n.IsUnknown() {
		return 0
	}
	i, _ := n.ValueBigFloat().Int64()
	return i
}
