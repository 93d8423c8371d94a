/*
 * xmllib — libxml2, for the letters' OpenDocument templates, loaded on
 * first use (support/lazylib.h): it brings ICU and the C++ library with
 * it, which no other command needs.
 *
 * Include it after every other header: each function below is redirected
 * to its pointer in the table, which xmllib_load fills; call that first
 * and give up on -1 (the libraries are missing: logged).  xmllib.c, which
 * fills the table, defines XMLLIB_TABLE to keep the names as they are.
 */
#ifndef RELAIS_XMLLIB_H
#define RELAIS_XMLLIB_H

#include <libxml/parser.h>
#include <libxml/tree.h>

/* Every function called, by name (and xmlFree, a variable: its address). */
#define XMLLIB_FUNCTIONS(X) \
	X(xmlAddChild) \
	X(xmlAddNextSibling) \
	X(xmlDOMWrapCloneNode) \
	X(xmlDocDumpMemoryEnc) \
	X(xmlDocGetRootElement) \
	X(xmlDocSetRootElement) \
	X(xmlFree) \
	X(xmlFreeDoc) \
	X(xmlGetNsProp) \
	X(xmlNewDoc) \
	X(xmlNewDocNode) \
	X(xmlNewDocTextLen) \
	X(xmlNewNs) \
	X(xmlNodeSetContent) \
	X(xmlNodeSetContentLen) \
	X(xmlReadMemory) \
	X(xmlSearchNsByHref) \
	X(xmlSetNs) \
	X(xmlSetNsProp)

#define XMLLIB_FIELD(f) __typeof__(&f) f;
struct xmllib {
	XMLLIB_FUNCTIONS(XMLLIB_FIELD)
};
#undef XMLLIB_FIELD

extern struct xmllib xmllib;

/* 0 once the libraries are loaded, else -1 (logged). */
int xmllib_load(void);

#ifndef XMLLIB_TABLE
#undef xmlAddChild
#define xmlAddChild (xmllib.xmlAddChild)
#undef xmlAddNextSibling
#define xmlAddNextSibling (xmllib.xmlAddNextSibling)
#undef xmlDOMWrapCloneNode
#define xmlDOMWrapCloneNode (xmllib.xmlDOMWrapCloneNode)
#undef xmlDocDumpMemoryEnc
#define xmlDocDumpMemoryEnc (xmllib.xmlDocDumpMemoryEnc)
#undef xmlDocGetRootElement
#define xmlDocGetRootElement (xmllib.xmlDocGetRootElement)
#undef xmlDocSetRootElement
#define xmlDocSetRootElement (xmllib.xmlDocSetRootElement)
#undef xmlFree
#define xmlFree (*xmllib.xmlFree)
#undef xmlFreeDoc
#define xmlFreeDoc (xmllib.xmlFreeDoc)
#undef xmlGetNsProp
#define xmlGetNsProp (xmllib.xmlGetNsProp)
#undef xmlNewDoc
#define xmlNewDoc (xmllib.xmlNewDoc)
#undef xmlNewDocNode
#define xmlNewDocNode (xmllib.xmlNewDocNode)
#undef xmlNewDocTextLen
#define xmlNewDocTextLen (xmllib.xmlNewDocTextLen)
#undef xmlNewNs
#define xmlNewNs (xmllib.xmlNewNs)
#undef xmlNodeSetContent
#define xmlNodeSetContent (xmllib.xmlNodeSetContent)
#undef xmlNodeSetContentLen
#define xmlNodeSetContentLen (xmllib.xmlNodeSetContentLen)
#undef xmlReadMemory
#define xmlReadMemory (xmllib.xmlReadMemory)
#undef xmlSearchNsByHref
#define xmlSearchNsByHref (xmllib.xmlSearchNsByHref)
#undef xmlSetNs
#define xmlSetNs (xmllib.xmlSetNs)
#undef xmlSetNsProp
#define xmlSetNsProp (xmllib.xmlSetNsProp)
#endif

#endif
