package openvpnlab

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// StartClientsT connects n clients named client-000 … to s, sixteen at a
// time, for benchmarks that need a populated status; it fails the test if
// any does not connect within two minutes.
func StartClientsT(t testing.TB, s *Server, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for j := 0; j < n; j++ {
		wg.Add(1)
		go func(j int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			if _, err := s.StartClient(ctx, ClientConfig{CommonName: fmt.Sprintf("client-%03d", j)}); err != nil {
				errs <- err
			}
		}(j)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
