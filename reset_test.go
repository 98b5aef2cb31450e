package wsdissect

import (
	"net/netip"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// recordStorage names the fields of a Record that reset keeps: the
// storage reused by the next frame, whose slices it truncates.
var recordStorage = map[string]bool{
	"Segments": true, "PDUs": true, "HTTP": true, "WebSocket": true, "TLS": true, "Messages": true,
	"Anomalies": true, "closedConns": true, "dropConns": true, "dropAnomalies": true,
	"tcp": true, "buf": true, "large": true, "bufs": true, "frames": true, "frags": true,
	"pieces": true, "msgs": true, "tlsPDUs": true, "hsTypes": true, "suites": true,
}

// TestResetClearsEveryFact sets every field of a record, reset clears it
// field by field: every field must be zero after, but the storage, whose
// slices must be empty and keep their room. A field added to Record and
// not to reset fails here.
func TestResetClearsEveryFact(t *testing.T) {
	var r Record
	v := reflect.ValueOf(&r).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem() // unexported too
		setNonZero(t, f)
		assert.False(t, f.IsZero(), "field %s", v.Type().Field(i).Name)
	}
	r.reset()
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		f := v.Field(i)
		switch {
		case !recordStorage[name]:
			assert.True(t, f.IsZero(), "reset leaves %s set", name)
		case f.Kind() == reflect.Slice && name != "msgs" && name != "large":
			assert.Zero(t, f.Len(), "reset leaves %s's items", name)
			assert.Positive(t, f.Cap(), "reset drops %s's storage", name)
		default:
			assert.False(t, f.IsZero(), "reset drops %s", name)
		}
	}
	for name := range recordStorage {
		_, ok := v.Type().FieldByName(name)
		assert.True(t, ok, "no field %s", name)
	}
}

// setNonZero gives f a value other than its zero value.
func setNonZero(t *testing.T, f reflect.Value) {
	switch f.Type() {
	case reflect.TypeFor[time.Time]():
		f.Set(reflect.ValueOf(time.Unix(1, 0)))
		return
	case reflect.TypeFor[netip.Addr]():
		f.Set(reflect.ValueOf(netip.MustParseAddr("10.0.0.1")))
		return
	}
	switch f.Kind() {
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.SetUint(1)
	case reflect.String:
		f.SetString("x")
	case reflect.Pointer:
		f.Set(reflect.New(f.Type().Elem()))
	case reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1, 1)
		if e := s.Index(0); e.Kind() == reflect.Pointer {
			e.Set(reflect.New(e.Type().Elem())) // reset may look at the items
		}
		f.Set(s)
	default:
		t.Fatalf("no non-zero value for a %s: teach setNonZero", f.Type())
	}
}
