package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Validation again where the values are known.
//
// Terraform validates a configuration before it knows every value: input
// variables and other objects' results are unknown then, and validators
// skip unknown values. Nothing obliges Terraform to validate again once
// they are known, and for actions Terraform 1.14 does not: with
// `common_name = var.cn` and `-var 'cn=x<newline>signal SIGTERM'`, the
// kill action listed the sessions (`status 3`) before anything refused the
// name. So every call that may send a command first has the framework
// validate the configuration it carries, with the very validators of the
// schema (attribute validators, config validators, ValidateConfig), now
// on the values the object is about to use; an error answers the call
// before the object runs, so nothing is sent. One mechanism for every data
// source, resource and action: there is no second copy of a check.
//
// ReadResource carries no configuration: the values in state came through
// ApplyResourceChange, checked here on the way in. The provider block's
// own values are checked by Configure, which sends nothing.

// revalidated keeps only the errors of a second validation: its warnings
// were shown when Terraform validated, and would only repeat.
func revalidated(diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	var errs []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	return errs
}

// dataSourceRefused validates a data source's configuration again; nil
// when it passes.
func (s *protocolServer) dataSourceRefused(ctx context.Context, typeName string, config *tfprotov6.DynamicValue) ([]*tfprotov6.Diagnostic, error) {
	if config == nil {
		return nil, nil
	}
	v, err := s.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		return nil, err
	}
	return revalidated(v.Diagnostics), nil
}

// resourceRefused validates a resource's configuration again; nil when it
// passes, or when there is none (a destroy: its configuration is null).
func (s *protocolServer) resourceRefused(ctx context.Context, typeName string, config *tfprotov6.DynamicValue) ([]*tfprotov6.Diagnostic, error) {
	if config == nil {
		return nil, nil
	}
	if null, err := config.IsNull(); err != nil || null {
		return nil, err
	}
	v, err := s.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: config})
	if err != nil {
		return nil, err
	}
	return revalidated(v.Diagnostics), nil
}

// actionRefused validates an action's configuration again; nil when it
// passes.
func (s *protocolServer) actionRefused(ctx context.Context, typeName string, config *tfprotov6.DynamicValue) ([]*tfprotov6.Diagnostic, error) {
	if config == nil {
		return nil, nil
	}
	v, err := s.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: typeName, Config: config})
	if err != nil {
		return nil, err
	}
	return revalidated(v.Diagnostics), nil
}

func (s *protocolServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if refused, err := s.resourceRefused(ctx, req.TypeName, req.Config); err != nil || len(refused) > 0 {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: refused}, err
	}
	return s.frameworkServer.PlanResourceChange(ctx, req)
}

func (s *protocolServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	if refused, err := s.resourceRefused(ctx, req.TypeName, req.Config); err != nil || len(refused) > 0 {
		// Nothing was done: the object stays as it was (none, for a create).
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PriorState, Diagnostics: refused}, err
	}
	return s.frameworkServer.ApplyResourceChange(ctx, req)
}

func (s *protocolServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	if refused, err := s.actionRefused(ctx, req.ActionType, req.Config); err != nil || len(refused) > 0 {
		return &tfprotov6.PlanActionResponse{Diagnostics: refused}, err
	}
	return s.frameworkServer.PlanAction(ctx, req)
}

func (s *protocolServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	refused, err := s.actionRefused(ctx, req.ActionType, req.Config)
	if err != nil {
		return nil, err
	}
	if len(refused) > 0 {
		return &tfprotov6.InvokeActionServerStream{Events: func(yield func(tfprotov6.InvokeActionEvent) bool) {
			yield(tfprotov6.InvokeActionEvent{Type: tfprotov6.CompletedInvokeActionEventType{Diagnostics: refused}})
		}}, nil
	}
	return s.frameworkServer.InvokeAction(ctx, req)
}
