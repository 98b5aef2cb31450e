package field

// Registry is every field the dissectors know, by filter name: what tshark
// -G fields lists, and what -e and display filters look names up in. The
// root package assembles it from each layer's table.
type Registry struct {
	fields   []*Field
	byAbbrev map[string]*Field
	shared   int // declarations left out for a name declared before
}

// NewRegistry returns the registry of the fields of the given tables, in
// their order. A name declared twice keeps its first declaration (Wireshark
// lets dissectors share a filter name, as eth.addr under eth.src and
// eth.dst).
func NewRegistry(tables ...[]*Field) *Registry {
	r := &Registry{byAbbrev: make(map[string]*Field)}
	for _, table := range tables {
		for _, f := range table {
			if _, ok := r.byAbbrev[f.Abbrev]; ok {
				r.shared++
				continue
			}
			r.byAbbrev[f.Abbrev] = f
			r.fields = append(r.fields, f)
		}
	}
	return r
}

// Lookup returns the field with the filter name abbrev, or nil.
func (r *Registry) Lookup(abbrev string) *Field { return r.byAbbrev[abbrev] }

// Protocol returns the protocol a field belongs to (itself for a
// protocol), or nil.
func (r *Registry) Protocol(f *Field) *Field {
	if f.Type == Protocol {
		return f
	}
	return r.byAbbrev[f.Parent]
}

// Fields returns every field, in registration order. The slice is the
// registry's own: do not change it.
func (r *Registry) Fields() []*Field { return r.fields }

// AppendRegistrations appends tshark -G fields' listing of the registry:
// a line a field.
func (r *Registry) AppendRegistrations(dst []byte) []byte {
	for _, f := range r.fields {
		dst = f.AppendRegistration(dst)
		dst = append(dst, '\n')
	}
	return dst
}
