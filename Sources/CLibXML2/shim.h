#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> would include the system's
   <unicode/ucnv.h>. Foundation carries its own ICU (_FoundationICU) whose `enum UErrorCode` has
   more members, and a Swift file that sees both fails to build ("... is not present in definition
   of 'enum UErrorCode' in module 'CLibXML2'"). Reckon never touches libxml2's ICU converters; the
   only declaration that changes is the layout of xmlCharEncodingHandler, which Reckon only ever
   handles by pointer. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
