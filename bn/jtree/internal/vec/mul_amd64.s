#include "textflag.h"

// func mul(dst, src []float64)
//
// dst[i] *= src[i], eight entries per iteration in four SSE2 registers
// (two float64 each; unaligned loads, since runs start anywhere in a
// table), then one entry at a time.
TEXT ·mul(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	CMPQ CX, $8
	JLT  tail

loop8:
	MOVUPD 0(DI), X0
	MOVUPD 16(DI), X1
	MOVUPD 32(DI), X2
	MOVUPD 48(DI), X3
	MOVUPD 0(SI), X4
	MOVUPD 16(SI), X5
	MOVUPD 32(SI), X6
	MOVUPD 48(SI), X7
	MULPD  X4, X0
	MULPD  X5, X1
	MULPD  X6, X2
	MULPD  X7, X3
	MOVUPD X0, 0(DI)
	MOVUPD X1, 16(DI)
	MOVUPD X2, 32(DI)
	MOVUPD X3, 48(DI)
	ADDQ   $64, DI
	ADDQ   $64, SI
	SUBQ   $8, CX
	CMPQ   CX, $8
	JGE    loop8

tail:
	TESTQ CX, CX
	JEQ   done

loop1:
	MOVSD 0(DI), X0
	MULSD 0(SI), X0
	MOVSD X0, 0(DI)
	ADDQ  $8, DI
	ADDQ  $8, SI
	DECQ  CX
	JNE   loop1

done:
	RET

// func fill(dst []float64, f float64)
//
// dst[i] = f, eight entries per iteration from one SSE2 register holding
// f twice (unaligned stores), then one entry at a time.
TEXT ·fill(SB), NOSPLIT, $0-32
	MOVQ     dst_base+0(FP), DI
	MOVQ     dst_len+8(FP), CX
	MOVSD    f+24(FP), X0
	UNPCKLPD X0, X0
	CMPQ     CX, $8
	JLT      filltail

fill8:
	MOVUPD X0, 0(DI)
	MOVUPD X0, 16(DI)
	MOVUPD X0, 32(DI)
	MOVUPD X0, 48(DI)
	ADDQ   $64, DI
	SUBQ   $8, CX
	CMPQ   CX, $8
	JGE    fill8

filltail:
	TESTQ CX, CX
	JEQ   filldone

fill1:
	MOVSD X0, 0(DI)
	ADDQ  $8, DI
	DECQ  CX
	JNE   fill1

filldone:
	RET
