package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"entente/bn/modelfile"
)

func init() { bnSubcommands = append(bnSubcommands, newBnConvertCmd) }

// bnConvertOptions receives the arguments of `entente bn convert`.
type bnConvertOptions struct {
	In, Out string
}

func newBnConvertCmd() *cobra.Command {
	var opts bnConvertOptions
	c := &cobra.Command{
		Use:   "convert IN OUT",
		Short: "Convert a model between file formats",
		Long: `Read IN in any supported format and write OUT in the format its extension
names (see 'entente bn --help'; ".gz" compresses). The write is atomic: an
interrupted conversion leaves OUT as it was. Formats that cannot hold some
detail (documentation, UAI state names) drop it.`,
		Example: `  entente bn convert asia.bif.gz asia.xmlbif
  entente bn convert model.yaml model.bif`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.In, opts.Out = args[0], args[1]
			return runBnConvert(cmd.Context(), opts, cmd.OutOrStdout())
		},
	}
	return c
}

func runBnConvert(_ context.Context, opts bnConvertOptions, stdout io.Writer) error {
	bm, err := loadBNModel(opts.In)
	if err != nil {
		return err
	}
	if bm.Net == nil {
		return usagef("convert: %s is a Markov network (factors, no CPTs); only Bayesian networks can be converted", opts.In)
	}
	if err := modelfile.Save(opts.Out, bm.Net); err != nil {
		return usagef("%v", err)
	}
	_, err = fmt.Fprintf(stdout, "wrote %s (%d variables)\n", opts.Out, len(bm.Net.Variables))
	return err
}
