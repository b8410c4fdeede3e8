// This file holds benchmarks of the hot paths: numeric arithmetic and sums,
// text output and hashing.

package types

import "testing"

func BenchmarkNumericAdd(b *testing.B) {
	x, y := Numeric{Coef: 123456, Scale: 2}, Numeric{Coef: 789, Scale: 3}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		x, _ = NumericAdd(x, y)
		if x.Coef > 1<<60 {
			x.Coef = 0
		}
	}
}

func BenchmarkNumericMul(b *testing.B) {
	x, y := Numeric{Coef: 123456, Scale: 2}, Numeric{Coef: 105, Scale: 2}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = NumericMul(x, y)
	}
}

func BenchmarkNumericDiv(b *testing.B) {
	x, y := Numeric{Coef: 123456, Scale: 2}, Numeric{Coef: 7}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = NumericDiv(x, y)
	}
}

func BenchmarkNumericSum(b *testing.B) {
	var s NumericSum
	v := Numeric{Coef: 9999999, Scale: 2}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s.Add(v)
	}
}

func BenchmarkNumericOut(b *testing.B) {
	v := Numeric{Coef: -123456789, Scale: 4}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = v.Append(buf[:0])
	}
}

func BenchmarkFloat8Out(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = AppendFloat(buf[:0], 1234.5678, false, 1)
	}
}

func BenchmarkHashString(b *testing.B) {
	s := "the quick brown fox jumps over the lazy dog"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = HashString(s)
	}
}

func BenchmarkHashNumeric(b *testing.B) {
	v := Numeric{Coef: 1234500, Scale: 4}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = HashNumeric(v)
	}
}
