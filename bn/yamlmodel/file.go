package yamlmodel

// The types below are the YAML file's shape; doc.go documents it for people.

type fileModel struct {
	Name       string            `yaml:"name"`
	Why        string            `yaml:"why,omitempty"`
	Source     string            `yaml:"source,omitempty"`
	Properties map[string]string `yaml:"properties,omitempty"`
	Nodes      []fileNode        `yaml:"nodes"`
}

type fileNode struct {
	Name       string            `yaml:"name"`
	States     []string          `yaml:"states,flow"`
	Why        string            `yaml:"why,omitempty"`
	Source     string            `yaml:"source,omitempty"`
	Previous   string            `yaml:"previous,omitempty"`
	Good       []string          `yaml:"good,omitempty,flow"`
	Parents    []string          `yaml:"parents,omitempty,flow"`
	Properties map[string]string `yaml:"properties,omitempty"`
	Table      *fileTable        `yaml:"table"`
}

type fileTable struct {
	Why      string    `yaml:"why,omitempty"`
	Source   string    `yaml:"source,omitempty"`
	Probs    []float64 `yaml:"probs,omitempty,flow"`
	Rows     []Row     `yaml:"rows,omitempty"`
	Default  []float64 `yaml:"default,omitempty,flow"`
	Ranked   *Ranked   `yaml:"ranked,omitempty"`
	NoisyMax *NoisyMax `yaml:"noisymax,omitempty"`
}

// Row is one row of a table given by rows: the parent states it applies
// to, the child's probabilities, and optionally why.
type Row struct {
	When  map[string]string `yaml:"when,flow"`
	Probs []float64         `yaml:"probs,flow"`
	Why   string            `yaml:"why,omitempty"`
}

// Rows is the rows form as written: the listed rows in file order and the
// default row for configurations not listed (nil when every configuration
// is listed). Load keeps it in bn.Variable.Elicitation so Save writes the
// table back as it was written.
type Rows struct {
	Rows    []Row
	Default []float64
}
