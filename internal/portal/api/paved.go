package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/paved-dev/paved/catalog"
)

// ScoresResponse is /api/paved/scores/{ref}: the newest run (with its
// report) and the history of runs, newest first, without reports.
type ScoresResponse struct {
	EntityRef string                `json:"entityRef"`
	Latest    *catalog.ScoreRecord  `json:"latest"`
	History   []catalog.ScoreRecord `json:"history"`
}

// scores is GET /api/paved/scores/{ref}; ref is "[kind:][namespace/]name".
func (h *handler) scores(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	pr, err := catalog.ParseRef(ref, catalog.KindComponent, catalog.DefaultNamespace)
	if err != nil {
		return inputError(err.Error())
	}
	docs, err := h.q.EntitiesByRefs(r.Context(), []string{pr.String()}, nil)
	if err != nil {
		return err
	}
	if docs[0] == nil {
		return notFound(fmt.Sprintf("no entity %s in the catalog", pr))
	}
	q, err := query(r)
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", 0, MaxLimit)
	if err != nil {
		return err
	}
	recs, err := h.Store.Scores(r.Context(), pr.String(), limit)
	if err != nil {
		return err
	}
	resp := ScoresResponse{EntityRef: pr.String(), History: []catalog.ScoreRecord{}}
	for i, rec := range recs {
		if i == 0 {
			latest := rec
			resp.Latest = &latest
		}
		rec.Report = nil
		resp.History = append(resp.History, rec)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// status is GET /api/paved/status: the refresh status.
func (h *handler) status(w http.ResponseWriter, r *http.Request) error {
	var st any = map[string]any{}
	if h.Status != nil {
		st = h.Status()
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// refresh is POST /api/paved/refresh: start a refresh now.
func (h *handler) refresh(w http.ResponseWriter, r *http.Request) error {
	if h.Refresh == nil {
		return notOffered("refreshing")
	}
	if err := h.Refresh(r.Context()); err != nil {
		if errors.Is(err, ErrBusy) {
			return &apiError{http.StatusConflict, "ConflictError", err.Error()}
		}
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "started", "at": time.Now().UTC()})
	return nil
}

// ErrBusy is what a Refresh returns while one is already running.
var ErrBusy = errors.New("a refresh is already running; see /api/paved/status")

// locationRequest is POST /locations's body, as Backstage's addLocation sends it.
type locationRequest struct {
	Type   string `json:"type"`
	Target string `json:"target"`
}

// registerLocation is POST /api/catalog/locations: Backstage's shape,
// {location:{id,type,target}, entities:[…]}, with 201.
func (h *handler) registerLocation(w http.ResponseWriter, r *http.Request) error {
	if h.Register == nil {
		return notOffered("registering locations")
	}
	var req locationRequest
	if err := readJSON(w, r, &req); err != nil {
		return err
	}
	if req.Type == "" {
		req.Type = "url"
	}
	if req.Type != "url" && req.Type != "file" {
		return inputError(fmt.Sprintf("location type %q is not supported: use url (a git source) or file (a path on the server)", req.Type))
	}
	if strings.TrimSpace(req.Target) == "" {
		return inputError("the body needs a target: the location to register")
	}
	if q, err := query(r); err != nil {
		return err
	} else if q.Get("dryRun") == "true" {
		return inputError("dryRun is not supported by paved; run paved catalog validate instead")
	}
	refs, err := h.Register(r.Context(), req.Type, req.Target)
	if err != nil {
		return &apiError{http.StatusBadRequest, InputError, err.Error()}
	}
	docs, err := h.q.EntitiesByRefs(r.Context(), refs, nil)
	if err != nil {
		return err
	}
	ents := []json.RawMessage{}
	for _, d := range docs {
		if d != nil {
			ents = append(ents, d)
		}
	}
	sum := sha256.Sum256([]byte(req.Type + ":" + req.Target))
	writeJSON(w, http.StatusCreated, map[string]any{
		"location": map[string]string{"id": hex.EncodeToString(sum[:16]), "type": req.Type, "target": req.Target},
		"entities": ents,
	})
	return nil
}
