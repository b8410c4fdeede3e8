// settings_view.go describes the settings as the pg_settings view shows
// them (PG: utils/misc/guc_funcs.c's GetConfigOptionValues).

package guc

import (
	"strconv"
	"strings"
)

// Row is one setting as pg_settings shows it; nil pointers are NULL.
type Row struct {
	Name, Setting       string
	Unit                *string
	Category, ShortDesc string
	Context, VarType    string
	Source              string
	MinVal, MaxVal      *string
	EnumVals            []string
	BootVal, ResetVal   string
}

var unitNames = map[Unit]string{UnitKB: "kB", UnitBlocks: "8kB", UnitMS: "ms", UnitS: "s", UnitMin: "min"}

var kindNames = map[Kind]string{Bool: "bool", Int: "integer", Real: "real", String: "string", Enum: "enum"}

// baseValue is a stored value as pg_settings' setting column prints it:
// integers in their base unit.
func baseValue(d *Def, stored string) string {
	switch d.Kind {
	case Int:
		if v, _, ok := parseInt(d, stored); ok {
			return strconv.FormatInt(v, 10)
		}
	case Real:
		return show(d, stored)
	}
	return stored
}

// Rows returns every setting SHOW ALL lists, by name.
func (s *Settings) Rows() []Row {
	var out []Row
	for _, d := range All() {
		if d.NoShowAll {
			continue
		}
		key := strings.ToLower(d.Name)
		r := Row{Name: key, Setting: baseValue(d, s.get(d)), Category: d.Category, ShortDesc: d.Short,
			Context: d.Context.String(), VarType: kindNames[d.Kind], Source: "default",
			BootVal: baseValue(d, d.Default), ResetVal: baseValue(d, d.Default)}
		if u, ok := unitNames[d.Unit]; ok && d.Kind == Int {
			r.Unit = &u
		}
		if sv, ok := s.startup[key]; ok {
			r.ResetVal = baseValue(d, sv)
			if s.vals[key] == sv {
				r.Source = "client"
			}
		}
		if v, ok := s.vals[key]; ok && r.Source == "default" && v != d.Default {
			r.Source = "session"
		}
		switch d.Kind {
		case Int:
			lo, hi := strconv.FormatInt(int64(d.Min), 10), strconv.FormatInt(int64(d.Max), 10)
			r.MinVal, r.MaxVal = &lo, &hi
		case Real:
			lo, hi := fmtNum(d.Min), fmtNum(d.Max)
			r.MinVal, r.MaxVal = &lo, &hi
		case Enum:
			r.EnumVals = d.Enums
		}
		out = append(out, r)
	}
	return out
}
