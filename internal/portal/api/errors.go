package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/paved-dev/paved/catalog"
)

// Backstage's error names, as its errors package and clients know them.
const (
	InputError          = "InputError"
	NotFoundError       = "NotFoundError"
	NotAllowedError     = "NotAllowedError"
	AuthenticationError = "AuthenticationError"
	NotImplemented      = "NotImplementedError"
	ServiceUnavailable  = "ServiceUnavailableError"
	internalError       = "Error"
)

// ErrorBody is Backstage's error response (ErrorResponseBody in
// @backstage/errors).
type ErrorBody struct {
	Error struct {
		Name    string `json:"name"`
		Message string `json:"message"`
	} `json:"error"`
	Request struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"request"`
	Response struct {
		StatusCode int `json:"statusCode"`
	} `json:"response"`
}

// apiError is an error with the status and Backstage name it answers with.
type apiError struct {
	status int
	name   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func inputError(msg string) error { return &apiError{http.StatusBadRequest, InputError, msg} }

// Unavailable is a 503 ServiceUnavailableError saying msg.
func Unavailable(msg string) error {
	return &apiError{http.StatusServiceUnavailable, ServiceUnavailable, msg}
}

func notFound(msg string) error { return &apiError{http.StatusNotFound, NotFoundError, msg} }

// WriteError answers r with err in Backstage's error format. Errors of
// this package keep their status; [catalog.ErrNotFound] is a 404,
// [catalog.ErrBadQuery] a 400, anything else a 500 whose message is kept
// out of the response (it is the operator's, in the log).
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var b ErrorBody
	var ae *apiError
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, catalog.ErrNotFound):
		ae = &apiError{http.StatusNotFound, NotFoundError, err.Error()}
	case errors.Is(err, catalog.ErrBadQuery):
		ae = &apiError{http.StatusBadRequest, InputError, err.Error()}
	default:
		ae = &apiError{http.StatusInternalServerError, internalError, "internal error; the server log has the details"}
		if rec, ok := w.(interface{ SetError(error) }); ok {
			rec.SetError(err)
		}
	}
	b.Error.Name, b.Error.Message = ae.name, ae.msg
	b.Request.Method, b.Request.URL = r.Method, r.URL.RequestURI()
	b.Response.StatusCode = ae.status
	writeJSON(w, ae.status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
