// Command loomdb runs the loomdb server, and its benchmarks.
//
//	loomdb serve [-D datadir] [-p port] [--pprof addr] [--ssl-cert FILE --ssl-key FILE]
//	loomdb sql [-c SQL | -f FILE] [-D datadir | -h host -p port] [-U user]
//	loomdb bench tpch [--sf N] [--workers 0,2] [--pg] [--json FILE]
//
// A data directory that does not exist is initialised: system catalogs,
// the database "postgres" and superuser roles named after the OS user and
// "loomdb". The server listens on 127.0.0.1 and shuts down cleanly (with a
// checkpoint) on SIGINT or SIGTERM.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/loomdb/loomdb/internal/pgerror"
	"github.com/loomdb/loomdb/internal/server"
	"github.com/loomdb/loomdb/internal/session"
	"github.com/loomdb/loomdb/internal/storage"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	switch os.Args[1] {
	case "serve":
		os.Exit(serve(os.Args[2:]))
	case "bench":
		os.Exit(benchCmd(os.Args[2:]))
	case "sql":
		os.Exit(sqlCmd(os.Args[2:]))
	case "-h", "--help", "help":
		usage()
	case "version", "--version":
		fmt.Println("loomdb (PostgreSQL 15 compatible)")
	default:
		fmt.Fprintf(os.Stderr, "loomdb: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: loomdb serve [-D datadir] [-p port] [--listen addr] [--ssl-cert FILE --ssl-key FILE]
       loomdb sql [-c SQL | -f FILE] [-D datadir | -h host -p port] [-U user] [-d db]
       loomdb bench tpch [--sf N] [--workers 0,2] [--pg] [--runs 5] [--queries Q1,Q6] [--json FILE]`)
}

func serve(args []string) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	dataDir := fs.String("D", "./loomdb-data", "data directory (created if missing)")
	port := fs.Int("p", 5433, "TCP port")
	listen := fs.String("listen", "127.0.0.1", "listen address")
	sharedBuffers := fs.Int("shared-buffers", 16384, "shared buffers, in 8 kB pages")
	pprofAddr := fs.String("pprof", "", "serve Go's profiler (net/http/pprof) on this address, e.g. 127.0.0.1:6060")
	sslCert := fs.String("ssl-cert", "", "TLS certificate file (PEM); with -ssl-key, clients may connect with TLS (PostgreSQL's ssl_cert_file)")
	sslKey := fs.String("ssl-key", "", "TLS private key file (PEM) (PostgreSQL's ssl_key_file)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	logger := log.New(os.Stderr, "", log.LstdFlags)
	eng, err := session.Open(*dataDir, session.Options{Storage: storage.Options{SharedBuffers: *sharedBuffers}})
	if err != nil {
		pe := pgerror.Convert(err)
		logger.Printf("FATAL:  %s", pe.Message)
		if pe.Hint != "" {
			logger.Printf("HINT:  %s", pe.Hint)
		}
		return 1
	}
	if *pprofAddr != "" {
		go func() {
			if err := http.ListenAndServe(*pprofAddr, nil); err != nil {
				logger.Printf("LOG:  profiler: %v", err)
			}
		}()
	}
	addr := net.JoinHostPort(*listen, strconv.Itoa(*port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		logger.Printf("FATAL:  could not listen on %s: %v", addr, err)
		eng.Close()
		return 1
	}
	srv, err := server.New(eng)
	if err != nil {
		logger.Printf("FATAL:  %v", err)
		ln.Close()
		eng.Close()
		return 1
	}
	srv.Logf = logger.Printf
	if *sslCert != "" || *sslKey != "" {
		cert, err := tls.LoadX509KeyPair(*sslCert, *sslKey)
		if err != nil {
			logger.Printf("FATAL:  could not load server certificate: %v", err)
			ln.Close()
			eng.Close()
			return 1
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	logger.Printf("LOG:  loomdb listening on %s, data directory %s", addr, *dataDir)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case sig := <-sigs:
		logger.Printf("LOG:  received %s, shutting down", sig)
	case err := <-done:
		if err != nil {
			logger.Printf("LOG:  listener failed: %v", err)
		}
	}
	srv.Shutdown()
	if err := eng.Close(); err != nil {
		logger.Printf("LOG:  shutdown checkpoint failed: %v", err)
		return 1
	}
	logger.Printf("LOG:  database system is shut down")
	return 0
}
