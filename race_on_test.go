//go:build race

package wsdissect_test

// raceEnabled: allocation counts mean nothing under the race detector,
// whose sync.Pool drops items at random and whose scheduling differs.
const raceEnabled = true
