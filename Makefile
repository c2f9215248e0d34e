# paved — see README.md. Every target works on a fresh clone.
GO       ?= go
BIN      ?= bin/paved
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/paved-dev/paved/internal/cli.Version=$(VERSION)
# generated services run their own npm/go installs and tests: allow time for them
TEST_TIMEOUT ?= 80m

.PHONY: build test test-short bench lint golden clean fuzz

# a static binary: no libc to load at start-up, and it runs on any Linux
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/paved

test:
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

# skips the generated services' own installs and tests (fast inner loop)
test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# every fuzz target for FUZZTIME each (default 5s): a short search for new
# crashers on top of the committed corpus that `make test` replays
fuzz:
	bash .ci/fuzz.sh

# packages that own golden files; refresh with `make golden`, then read the diff
golden:
	$(GO) test ./templates/... ./internal/scaffold/... ./scorecard/... ./cmd/paved/... -update

clean:
	rm -rf bin

# re-resolve the lockfiles the built-in templates ship (package-lock.json.tmpl,
# go.mod.tmpl, go.sum.tmpl) after a dependency bump; FRESH=1 re-resolves
# every transitive dependency too. Reaches the npm registry and the Go proxy.
.PHONY: template-locks
template-locks:
	$(GO) run ./templates/lockgen $(if $(FRESH),-fresh)

# the templates' end-to-end tests against a throw-away PostgreSQL and Redis
# (installed from Debian when missing, as .ci/run does), stopped afterwards
.PHONY: test-services
test-services:
	bash -c 'source .ci/services.sh && trap stop_services EXIT && start_services && \
	  $(GO) test -timeout $(TEST_TIMEOUT) -run "EndToEnd" ./templates/...'
