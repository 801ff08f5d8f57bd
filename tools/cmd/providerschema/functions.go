package main

import (
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// convertFunctions turns the provider's function definitions into the
// signatures `terraform providers schema -json` prints under "functions",
// which tfplugindocs renders as docs/functions/<name>.md.
func convertFunctions(in map[string]*tfprotov6.Function) (map[string]*tfjson.FunctionSignature, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.FunctionSignature, len(in))
	for name, f := range in {
		if f.Return == nil {
			return nil, fmt.Errorf("function %s: no return type", name)
		}
		ret, err := ctyType(f.Return.Type)
		if err != nil {
			return nil, fmt.Errorf("function %s return: %w", name, err)
		}
		sig := &tfjson.FunctionSignature{
			Summary:            f.Summary,
			Description:        f.Description,
			DeprecationMessage: f.DeprecationMessage,
			ReturnType:         ret,
		}
		for _, p := range f.Parameters {
			c, err := convertParameter(p)
			if err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
			sig.Parameters = append(sig.Parameters, c)
		}
		if f.VariadicParameter != nil {
			if sig.VariadicParameter, err = convertParameter(f.VariadicParameter); err != nil {
				return nil, fmt.Errorf("function %s: %w", name, err)
			}
		}
		out[name] = sig
	}
	return out, nil
}

func convertParameter(p *tfprotov6.FunctionParameter) (*tfjson.FunctionParameter, error) {
	t, err := ctyType(p.Type)
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	return &tfjson.FunctionParameter{Name: p.Name, Description: p.Description, IsNullable: p.AllowNullValue, Type: t}, nil
}
