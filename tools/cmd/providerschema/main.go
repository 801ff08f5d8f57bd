// Command providerschema prints the provider's schema in the format of
// `terraform providers schema -json`, action schemas and function
// signatures included.
//
// Terraform CLIs before 1.14 leave action_schemas out of that output, so
// tfplugindocs, fed by the CLI on such a machine, would render no action
// pages. This program asks the provider itself instead: it starts the
// provider server in-process, calls GetProviderSchema (and
// GetResourceIdentitySchemas) as Terraform would, and converts the
// protocol's schema to the CLI's JSON with terraform-json's types, the ones
// tfplugindocs reads it back with (tfplugindocs generate --providers-schema).
//
//	go run ./cmd/providerschema [-name KEY] [-o FILE]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/zclconf/go-cty/cty"

	"github.com/vpnops/terraform-provider-openvpn/provider"
)

func main() {
	// tfplugindocs v0.25.0 looks the schema up only as "openvpn" or
	// "registry.terraform.io/hashicorp/openvpn" (internal/provider/generate.go,
	// terraformProviderSchemaFromFile), hence -name.
	name := flag.String("name", provider.Address, "the key under provider_schemas")
	out := flag.String("o", "", "write the JSON to this file instead of standard output")
	flag.Parse()

	b, err := schemaJSON(context.Background(), *name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
	if *out == "" {
		_, err = os.Stdout.Write(b)
	} else {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "providerschema:", err)
		os.Exit(1)
	}
}

func schemaJSON(ctx context.Context, name string) ([]byte, error) {
	srv, err := providerserver.NewProtocol6WithError(provider.New("dev")())()
	if err != nil {
		return nil, err
	}
	resp, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("GetProviderSchema", resp.Diagnostics); err != nil {
		return nil, err
	}
	ids, err := srv.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, err
	}
	if err := diagnosticsError("GetResourceIdentitySchemas", ids.Diagnostics); err != nil {
		return nil, err
	}

	ps := &tfjson.ProviderSchema{}
	if ps.ConfigSchema, err = convertSchema(resp.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	if ps.ResourceSchemas, err = convertSchemas(resp.ResourceSchemas); err != nil {
		return nil, err
	}
	if ps.DataSourceSchemas, err = convertSchemas(resp.DataSourceSchemas); err != nil {
		return nil, err
	}
	if ps.EphemeralResourceSchemas, err = convertSchemas(resp.EphemeralResourceSchemas); err != nil {
		return nil, err
	}
	if ps.ListResourceSchemas, err = convertSchemas(resp.ListResourceSchemas); err != nil {
		return nil, err
	}
	if ps.StateStoreSchemas, err = convertSchemas(resp.StateStoreSchemas); err != nil {
		return nil, err
	}
	if ps.Functions, err = convertFunctions(resp.Functions); err != nil {
		return nil, err
	}
	for typeName, a := range resp.ActionSchemas {
		s, err := convertSchema(a.Schema)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typeName, err)
		}
		if ps.ActionSchemas == nil {
			ps.ActionSchemas = map[string]*tfjson.ActionSchema{}
		}
		ps.ActionSchemas[typeName] = &tfjson.ActionSchema{Block: s.Block}
	}
	for typeName, id := range ids.IdentitySchemas {
		is := &tfjson.IdentitySchema{Version: uint64(id.Version), Attributes: map[string]*tfjson.IdentityAttribute{}}
		for _, a := range id.IdentityAttributes {
			t, err := ctyType(a.Type)
			if err != nil {
				return nil, fmt.Errorf("%s identity %s: %w", typeName, a.Name, err)
			}
			is.Attributes[a.Name] = &tfjson.IdentityAttribute{
				IdentityType:      t,
				Description:       a.Description,
				RequiredForImport: a.RequiredForImport,
				OptionalForImport: a.OptionalForImport,
			}
		}
		if ps.ResourceIdentitySchemas == nil {
			ps.ResourceIdentitySchemas = map[string]*tfjson.IdentitySchema{}
		}
		ps.ResourceIdentitySchemas[typeName] = is
	}

	all := tfjson.ProviderSchemas{
		FormatVersion: "1.0",
		Schemas:       map[string]*tfjson.ProviderSchema{name: ps},
	}
	// encoding/json sorts map keys, so the output is the same on every run.
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func diagnosticsError(rpc string, diags []*tfprotov6.Diagnostic) error {
	var errs []error
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, fmt.Errorf("%s: %s: %s", rpc, d.Summary, d.Detail))
		}
	}
	return errors.Join(errs...)
}

func convertSchemas(in map[string]*tfprotov6.Schema) (map[string]*tfjson.Schema, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]*tfjson.Schema, len(in))
	for typeName, s := range in {
		c, err := convertSchema(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typeName, err)
		}
		out[typeName] = c
	}
	return out, nil
}

func convertSchema(s *tfprotov6.Schema) (*tfjson.Schema, error) {
	if s == nil {
		return nil, nil
	}
	b, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfjson.Schema{Version: uint64(s.Version), Block: b}, nil
}

func convertBlock(b *tfprotov6.SchemaBlock) (*tfjson.SchemaBlock, error) {
	out := &tfjson.SchemaBlock{
		Description:     b.Description,
		DescriptionKind: descriptionKind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = map[string]*tfjson.SchemaAttribute{}
	}
	for _, a := range b.Attributes {
		c, err := convertAttribute(a)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", a.Name, err)
		}
		out.Attributes[a.Name] = c
	}
	if len(b.BlockTypes) > 0 {
		out.NestedBlocks = map[string]*tfjson.SchemaBlockType{}
	}
	for _, nb := range b.BlockTypes {
		inner, err := convertBlock(nb.Block)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
		}
		mode, err := blockNesting(nb.Nesting)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", nb.TypeName, err)
		}
		out.NestedBlocks[nb.TypeName] = &tfjson.SchemaBlockType{
			NestingMode: mode,
			Block:       inner,
			MinItems:    uint64(nb.MinItems),
			MaxItems:    uint64(nb.MaxItems),
		}
	}
	return out, nil
}

func convertAttribute(a *tfprotov6.SchemaAttribute) (*tfjson.SchemaAttribute, error) {
	out := &tfjson.SchemaAttribute{
		Description:     a.Description,
		DescriptionKind: descriptionKind(a.DescriptionKind),
		Deprecated:      a.Deprecated,
		Required:        a.Required,
		Optional:        a.Optional,
		Computed:        a.Computed,
		Sensitive:       a.Sensitive,
		WriteOnly:       a.WriteOnly,
	}
	if a.NestedType == nil {
		t, err := ctyType(a.Type)
		if err != nil {
			return nil, err
		}
		out.AttributeType = t
		return out, nil
	}
	mode, err := objectNesting(a.NestedType.Nesting)
	if err != nil {
		return nil, err
	}
	nested := &tfjson.SchemaNestedAttributeType{NestingMode: mode, Attributes: map[string]*tfjson.SchemaAttribute{}}
	for _, na := range a.NestedType.Attributes {
		c, err := convertAttribute(na)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", na.Name, err)
		}
		nested.Attributes[na.Name] = c
	}
	out.AttributeNestedType = nested
	return out, nil
}

// ctyType converts through JSON: tftypes and cty share Terraform's type
// syntax ("string", ["list","string"], ["object",{...}]).
func ctyType(t interface{ MarshalJSON() ([]byte, error) }) (cty.Type, error) {
	b, err := t.MarshalJSON()
	if err != nil {
		return cty.NilType, err
	}
	var ct cty.Type
	if err := json.Unmarshal(b, &ct); err != nil {
		return cty.NilType, fmt.Errorf("type %s: %w", b, err)
	}
	return ct, nil
}

func descriptionKind(k tfprotov6.StringKind) tfjson.SchemaDescriptionKind {
	if k == tfprotov6.StringKindMarkdown {
		return tfjson.SchemaDescriptionKindMarkdown
	}
	return tfjson.SchemaDescriptionKindPlain
}

func blockNesting(m tfprotov6.SchemaNestedBlockNestingMode) (tfjson.SchemaNestingMode, error) {
	switch m {
	case tfprotov6.SchemaNestedBlockNestingModeSingle:
		return tfjson.SchemaNestingModeSingle, nil
	case tfprotov6.SchemaNestedBlockNestingModeGroup:
		return tfjson.SchemaNestingModeGroup, nil
	case tfprotov6.SchemaNestedBlockNestingModeList:
		return tfjson.SchemaNestingModeList, nil
	case tfprotov6.SchemaNestedBlockNestingModeSet:
		return tfjson.SchemaNestingModeSet, nil
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		return tfjson.SchemaNestingModeMap, nil
	}
	return "", fmt.Errorf("unknown block nesting mode %v", m)
}

func objectNesting(m tfprotov6.SchemaObjectNestingMode) (tfjson.SchemaNestingMode, error) {
	switch m {
	case tfprotov6.SchemaObjectNestingModeSingle:
		return tfjson.SchemaNestingModeSingle, nil
	case tfprotov6.SchemaObjectNestingModeList:
		return tfjson.SchemaNestingModeList, nil
	case tfprotov6.SchemaObjectNestingModeSet:
		return tfjson.SchemaNestingModeSet, nil
	case tfprotov6.SchemaObjectNestingModeMap:
		return tfjson.SchemaNestingModeMap, nil
	}
	return "", fmt.Errorf("unknown attribute nesting mode %v", m)
}
