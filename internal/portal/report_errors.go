package portal

import (
	"errors"
	"time"

	"github.com/paved-dev/paved/catalog"
)

// ReportErrors turns the problems of an import report into processing
// errors: each invalid file's problems (with their line and fix), each
// entity refused because another location manages it, and each Location
// target that could not be followed.
func ReportErrors(origin string, rep *catalog.ImportReport, at time.Time) []ProcessingError {
	if rep == nil {
		return nil
	}
	var out []ProcessingError
	add := func(e *catalog.Error) {
		msg := e.Msg
		if e.Field != "" {
			msg = e.Field + ": " + msg
		}
		if e.Fix != "" {
			msg += " (" + e.Fix + ")"
		}
		out = append(out, ProcessingError{Location: origin, File: e.File, Line: e.Line, Message: msg, At: at})
	}
	for _, f := range rep.Files {
		var errs catalog.Errors
		var one *catalog.Error
		switch {
		case f.Err != nil && errors.As(f.Err, &errs):
			for _, e := range errs {
				add(e)
			}
		case f.Err != nil && errors.As(f.Err, &one):
			add(one)
		case f.Error != "":
			out = append(out, ProcessingError{Location: origin, File: f.File, Message: f.Error, At: at})
		}
		for _, c := range f.Conflicts {
			out = append(out, ProcessingError{Location: origin, Entity: c.Ref, File: c.File, Line: c.Line,
				Message: c.Ref + " is already managed by " + c.Owner, At: at})
		}
	}
	for _, e := range rep.LocationErrors {
		add(e)
	}
	return out
}
