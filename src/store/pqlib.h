/*
 * pqlib — libpq for PostgreSQL,
 * loaded on first use (support/lazylib.h).
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which pqlib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  pqlib.c, which
 * fills the table, defines PQLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_PQLIB_H
#define RELAIS_PQLIB_H

#include <libpq-fe.h>

/* Every function called, by name. */
#define PQLIB_FUNCTIONS(X) \
	X(PQclear) \
	X(PQcmdStatus) \
	X(PQcmdTuples) \
	X(PQconnectdb) \
	X(PQconnectdbParams) \
	X(PQdescribePrepared) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfreemem) \
	X(PQftype) \
	X(PQgetResult) \
	X(PQgetisnull) \
	X(PQgetlength) \
	X(PQgetvalue) \
	X(PQnfields) \
	X(PQntuples) \
	X(PQprepare) \
	X(PQputCopyData) \
	X(PQputCopyEnd) \
	X(PQreset) \
	X(PQresultErrorField) \
	X(PQresultStatus) \
	X(PQsetNoticeProcessor) \
	X(PQstatus) \
	X(PQtransactionStatus) \
	X(PQunescapeBytea)

#define PQLIB_FIELD(f) __typeof__(&f) f;
struct pqlib {
	PQLIB_FUNCTIONS(PQLIB_FIELD)
};
#undef PQLIB_FIELD

extern struct pqlib pqlib;

/* 0 once the libraries are loaded, else -1 (logged). */
int pqlib_load(void);

#ifndef PQLIB_TABLE
#undef PQclear
#define PQclear (pqlib.PQclear)
#undef PQcmdStatus
#define PQcmdStatus (pqlib.PQcmdStatus)
#undef PQcmdTuples
#define PQcmdTuples (pqlib.PQcmdTuples)
#undef PQconnectdb
#define PQconnectdb (pqlib.PQconnectdb)
#undef PQconnectdbParams
#define PQconnectdbParams (pqlib.PQconnectdbParams)
#undef PQdescribePrepared
#define PQdescribePrepared (pqlib.PQdescribePrepared)
#undef PQerrorMessage
#define PQerrorMessage (pqlib.PQerrorMessage)
#undef PQexec
#define PQexec (pqlib.PQexec)
#undef PQexecPrepared
#define PQexecPrepared (pqlib.PQexecPrepared)
#undef PQfinish
#define PQfinish (pqlib.PQfinish)
#undef PQfreemem
#define PQfreemem (pqlib.PQfreemem)
#undef PQftype
#define PQftype (pqlib.PQftype)
#undef PQgetResult
#define PQgetResult (pqlib.PQgetResult)
#undef PQgetisnull
#define PQgetisnull (pqlib.PQgetisnull)
#undef PQgetlength
#define PQgetlength (pqlib.PQgetlength)
#undef PQgetvalue
#define PQgetvalue (pqlib.PQgetvalue)
#undef PQnfields
#define PQnfields (pqlib.PQnfields)
#undef PQntuples
#define PQntuples (pqlib.PQntuples)
#undef PQprepare
#define PQprepare (pqlib.PQprepare)
#undef PQputCopyData
#define PQputCopyData (pqlib.PQputCopyData)
#undef PQputCopyEnd
#define PQputCopyEnd (pqlib.PQputCopyEnd)
#undef PQreset
#define PQreset (pqlib.PQreset)
#undef PQresultErrorField
#define PQresultErrorField (pqlib.PQresultErrorField)
#undef PQresultStatus
#define PQresultStatus (pqlib.PQresultStatus)
#undef PQsetNoticeProcessor
#define PQsetNoticeProcessor (pqlib.PQsetNoticeProcessor)
#undef PQstatus
#define PQstatus (pqlib.PQstatus)
#undef PQtransactionStatus
#define PQtransactionStatus (pqlib.PQtransactionStatus)
#undef PQunescapeBytea
#define PQunescapeBytea (pqlib.PQunescapeBytea)
#endif

#endif
