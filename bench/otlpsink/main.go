// Command otlpsink is the OTLP/HTTP receiver bench/roads.sh points the
// services' exporters at: it accepts POST /v1/traces (protobuf or JSON),
// counts the bytes and answers an empty success, so exporting costs the
// service what it would in production without a collector to run.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4318", "listen address")
	flag.Parse()
	var requests, bytes atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/{signal}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		requests.Add(1)
		bytes.Add(n)
		if r.Header.Get("Content-Type") == "application/json" {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, "{}")
			return
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	})
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
		<-stop
		fmt.Printf("otlpsink: %d export requests, %d bytes\n", requests.Load(), bytes.Load())
		os.Exit(0)
	}()
	log.Fatal(http.ListenAndServe(*addr, mux))
}
