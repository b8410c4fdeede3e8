module github.com/loomdb/loomdb

go 1.26.8

require github.com/cockroachdb/apd/v3 v3.2.3

require github.com/lib/pq v1.12.3 // indirect
