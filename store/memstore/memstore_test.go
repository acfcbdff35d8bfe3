package memstore

import (
	"testing"

	"entente/store"
	"entente/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return New() })
}

func TestConformanceRealFiles(t *testing.T) {
	storetest.RunFiles(t, func(t *testing.T) store.Store { return New() })
}
