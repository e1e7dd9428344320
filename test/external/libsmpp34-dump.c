/* libsmpp34 (Debian libsmpp34-dev) as an independent decoder: each stdin line is one SMPP PDU in hex;
 * prints "OK" and the library's dump of it, or "ERROR" and its error text, then "=====".
 * Built and run by libsmpp34.test.ts. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <libsmpp34/smpp34.h>
#include <libsmpp34/smpp34_structs.h>
#include <libsmpp34/smpp34_params.h>

static uint8_t pdu[70000];
static uint8_t out[1 << 20];
static long double area[1 << 14]; /* room and alignment for any libsmpp34 struct */

int main(void) {
  static char line[200000];
  while (fgets(line, sizeof line, stdin)) {
    int n = 0;
    for (char *p = line; p[0] && p[1] && p[0] != '\n'; p += 2) { unsigned v; sscanf(p, "%2x", &v); pdu[n++] = (uint8_t)v; }
    memset(area, 0, sizeof area);
    int rc = smpp34_unpack2(area, pdu, n);
    if (rc != 0) { printf("ERROR %d %s\n=====\n", smpp34_errno, smpp34_strerror); continue; }
    memset(out, 0, sizeof out);
    rc = smpp34_dumpPdu2(out, sizeof out, area);
    printf("%s\n%s=====\n", rc == 0 ? "OK" : "DUMPERROR", out);
  }
  return 0;
}
