package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// rfc3339 renders a daemon timestamp, or null when the daemon gave none.
func rfc3339(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// stringOrNull maps the daemon's empty fields to null.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func useStateForUnknownInt64() []planmodifier.Int64 {
	return []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
}

// objectList builds a list of objects without the framework's reflection,
// which costs about 300 µs per element on large lists (it compiles a
// regular expression per struct field); a server with 10,000 sessions
// would take seconds per read. See BenchmarkClientsRead10000.
func objectList[T any](types map[string]attr.Type, rows []T, attrs func(T) map[string]attr.Value, diags *diag.Diagnostics) basetypes.ListValue {
	elemType := basetypes.ObjectType{AttrTypes: types}
	elems := make([]attr.Value, 0, len(rows))
	for _, r := range rows {
		o, d := basetypes.NewObjectValue(types, attrs(r))
		diags.Append(d...)
		elems = append(elems, o)
	}
	l, d := basetypes.NewListValue(elemType, elems)
	diags.Append(d...)
	return l
}
