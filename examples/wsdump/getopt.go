package main

import (
	"fmt"
	"strings"
)

// option is one flag of the command line: a short letter, a long name, or
// both, as tshark's getopt_long table has them.
type option struct {
	short byte   // 0 for a long-only option
	long  string // "" for a short-only option
	arg   string // the argument's name in the usage; "" for a boolean flag
	usage string // one line or more, as -h prints it
}

// name is how an error message names the option: its letter, or its long
// name, as tshark's getopt does ("unrecognized option: Z").
func (o *option) name() string {
	if o.short != 0 {
		return string(o.short)
	}
	return o.long
}

// usageError is a mistake on the command line: its message is printed, then
// the usage when withUsage is set, as tshark does after a getopt error.
type usageError struct {
	msg       string
	withUsage bool
}

func (e *usageError) Error() string { return e.msg }

// getopt walks args with POSIX getopt_long semantics, tshark's: short
// options group (-qV) and take their argument attached or as the next
// word (-c5, -c 5, -qc5), long options take theirs after = or as the next
// word, and a long name may be cut to any unique prefix. Options end at
// the first word that is not one ("-" is not) or after "--"; the words
// left are returned. set is called for each option in order, with its
// argument ("" for a boolean flag), and may stop the walk with an error.
func getopt(opts []option, args []string, set func(o *option, arg string) error) (rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return args[i+1:], nil
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(a[2:], "=")
			o, ambiguous := findLong(opts, name)
			switch {
			case ambiguous:
				return nil, &usageError{"option is ambiguous: " + name, true}
			case o == nil:
				// tshark names the whole word, = and value included
				return nil, &usageError{"unrecognized option: " + a[2:], true}
			}
			switch {
			case o.arg == "" && hasValue:
				return nil, &usageError{fmt.Sprintf("option does not take an argument: %s", o.long), true}
			case o.arg != "" && !hasValue:
				if i+1 == len(args) {
					return nil, &usageError{"option requires an argument: " + o.long, true}
				}
				i++
				value = args[i]
			}
			if err := set(o, value); err != nil {
				return nil, err
			}
		case len(a) > 1 && a[0] == '-':
			for j := 1; j < len(a); j++ {
				o := findShort(opts, a[j])
				if o == nil {
					return nil, &usageError{"unrecognized option: " + a[j:j+1], true}
				}
				value := ""
				if o.arg != "" {
					switch {
					case j+1 < len(a):
						value = a[j+1:]
					case i+1 < len(args):
						i++
						value = args[i]
					default:
						return nil, &usageError{"option requires an argument: " + o.name(), true}
					}
					j = len(a)
				}
				if err := set(o, value); err != nil {
					return nil, err
				}
			}
		default:
			return args[i:], nil
		}
	}
	return nil, nil
}

func findShort(opts []option, c byte) *option {
	for i := range opts {
		if opts[i].short == c {
			return &opts[i]
		}
	}
	return nil
}

// findLong finds the long option called name, or the only one that name
// begins; ambiguous tells that several begin with it.
func findLong(opts []option, name string) (found *option, ambiguous bool) {
	for i := range opts {
		o := &opts[i]
		switch {
		case o.long == "":
		case o.long == name:
			return o, false
		case name != "" && strings.HasPrefix(o.long, name):
			if found != nil {
				ambiguous = true
			}
			found = o
		}
	}
	if ambiguous {
		return nil, true
	}
	return found, false
}
