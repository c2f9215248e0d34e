// Command barehttp is the bare net/http baseline of bench/roads.sh: the
// go-service example route's answer with nothing around it.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/greetings/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"message": "Hello, " + r.PathValue("name") + "!"})
	})
	log.Fatal(http.ListenAndServe(*addr, mux))
}
