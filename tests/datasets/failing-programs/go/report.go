package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"
)

type frame struct {
	Function    string   `json:"function"`
	Module      string   `json:"module"`
	Filename    string   `json:"filename"`
	AbsPath     string   `json:"abs_path"`
	Lineno      int      `json:"lineno"`
	InApp       bool     `json:"in_app"`
	ContextLine string   `json:"context_line,omitempty"`
	PreContext  []string `json:"pre_context,omitempty"`
	PostContext []string `json:"post_context,omitempty"`
}

// report sends a Sentry event with what the Go SDK sends: the value's type and message, the
// stack (outermost first) where it was raised, in-app for this module, with source context.
func report(value interface{}, skip int, storeURL string, job string) {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(skip+2, pcs)
	callers := runtime.CallersFrames(pcs[:n])
	var frames []frame
	for {
		f, more := callers.Next()
		module, function := split(f.Function)
		inApp := module == "main"
		fr := frame{Function: function, Module: module, Filename: f.File[strings.LastIndex(f.File, "/")+1:], AbsPath: f.File, Lineno: f.Line, InApp: inApp}
		if inApp && !strings.HasSuffix(f.File, "report.go") {
			if source, err := os.ReadFile(f.File); err == nil {
				lines := strings.Split(string(source), "\n")
				if f.Line >= 1 && f.Line <= len(lines) {
					fr.ContextLine = lines[f.Line-1]
					fr.PreContext = lines[max(0, f.Line-6) : f.Line-1]
					fr.PostContext = lines[f.Line:min(len(lines), f.Line+5)]
				}
			}
		}
		if !strings.HasSuffix(f.File, "report.go") && !strings.HasPrefix(f.Function, "runtime.gopanic") {
			frames = append([]frame{fr}, frames...)
		}
		if !more {
			break
		}
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	event := map[string]interface{}{
		"event_id":    hex.EncodeToString(id),
		"timestamp":   float64(time.Now().UnixMilli()) / 1000,
		"platform":    "go",
		"level":       "error",
		"release":     "shipping@0.9.2",
		"environment": "production",
		"sdk":         map[string]string{"name": "bugsage.dataset.go", "version": "1.0.0"},
		"tags":        map[string]string{"job": job},
		"exception": map[string]interface{}{"values": []interface{}{map[string]interface{}{
			"type":       fmt.Sprintf("%T", value),
			"value":      fmt.Sprint(value),
			"mechanism":  map[string]interface{}{"type": "generic", "handled": skip == 0},
			"stacktrace": map[string]interface{}{"frames": frames},
		}}},
	}
	body, _ := json.Marshal(event)
	response, err := http.Post(storeURL, "application/json", bytes.NewReader(body))
	if err != nil || response.StatusCode != 200 {
		fmt.Fprintln(os.Stderr, "report refused", err)
		os.Exit(2)
	}
}

func split(qualified string) (string, string) {
	dot := strings.LastIndex(qualified, "/")
	rest := qualified[dot+1:]
	if i := strings.Index(rest, "."); i >= 0 {
		return qualified[:dot+1+i], rest[i+1:]
	}
	return "", qualified
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
