/* gm-demo-people.c — synthetic people for the demo project.
 *
 * Every person here is made up from a seeded random generator. Names are
 * drawn from common Chinese surnames and given-name characters; ID numbers
 * use the region code 990101, which no province has (province codes stop at
 * 82), so they are well-formed — right length, real birth dates and check
 * characters — and can never be a real person's; phone numbers use the
 * 199-0000 block and are marked synthetic in the project's metadata.
 */
#include "gm-config.h"

#include <string.h>
#include <sqlite3.h>

#include "gm-demo-private.h"
#include "gm-privacy.h"

/* The hundred most common surnames, most common first; drawn with a weight
 * that falls with rank, as real frequencies do. */
static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
  "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
  "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
  "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
  "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
};

static const char * const given_male[] = {
  "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞",
  "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "洋",
  "建国", "建华", "志强", "海涛", "国庆", "晓东", "子轩", "浩然", "宇航", "俊杰", "博文",
  "天佑", "文博", "明轩", "家豪", "志刚", "永强", "春生", "德明", "立新",
};

static const char * const given_female[] = {
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莹", "倩",
  "琳", "颖", "洁", "红", "梅", "秀英", "桂英", "秀兰", "玉兰", "海燕", "丽娟", "晓红",
  "欣怡", "梓涵", "诗涵", "一诺", "雨桐", "可馨", "子萱", "思琪", "佳怡", "春梅", "淑珍",
  "美玲", "晓燕", "文静", "雅琴", "凤英", "桂兰", "金凤", "素梅",
};

guint
gm_demo_pick (GRand *rand,
              guint  n)
{
  return (guint) g_rand_int_range (rand, 0, (gint32) n);
}

gboolean
gm_demo_chance (GRand  *rand,
                double  p)
{
  return g_rand_double (rand) < p;
}

char *
gm_demo_name (GRand    *rand,
              gboolean  male)
{
  /* Rank weighting: the square of a uniform number favours the top. */
  double u = g_rand_double (rand);
  guint s = (guint) (u * u * G_N_ELEMENTS (surnames));
  const char *given = male ? given_male[gm_demo_pick (rand, G_N_ELEMENTS (given_male))]
                           : given_female[gm_demo_pick (rand, G_N_ELEMENTS (given_female))];

  return g_strconcat (surnames[MIN (s, G_N_ELEMENTS (surnames) - 1)], given, NULL);
}

/* A well-formed ID number of the fictional region 990101. The sequence's
 * last digit is odd for men and even for women, as the standard says. */
char *
gm_demo_id_number (GRand    *rand,
                   int       birth_year,
                   gboolean  male)
{
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, g_date_get_days_in_month (month, birth_year) + 1);
  int seq = g_rand_int_range (rand, 0, 500) * 2 + (male ? 1 : 0);
  char first17[18];

  g_snprintf (first17, sizeof first17, "990101%04d%02d%02d%03d", birth_year, month, day, seq);
  return g_strdup_printf ("%s%c", first17, gm_id_number_check_char (first17));
}

char *
gm_demo_phone (GRand *rand)
{
  return g_strdup_printf ("1990000%04d", g_rand_int_range (rand, 0, 10000));
}

/* An ID number unique by construction: the counter picks the region
 * (990000–999999) and the sequence, the draw only the birth date, so the
 * first five million are distinct whatever the dates, and later ones meet
 * an earlier one only on the same birth date (the caller draws again). */
static char *
gm_demo_serial_id_number (GRand    *rand,
                          guint64   serial,
                          int       birth_year,
                          gboolean  male)
{
  int month = g_rand_int_range (rand, 1, 13);
  int day = g_rand_int_range (rand, 1, g_date_get_days_in_month (month, birth_year) + 1);
  guint area = (guint) (serial % 10000);
  guint seq = (guint) (serial / 10000 % 500) * 2 + (male ? 1 : 0);
  char first17[18];

  g_snprintf (first17, sizeof first17, "99%04u%04d%02d%02d%03u", area, birth_year, month, day, seq);
  return g_strdup_printf ("%s%c", first17, gm_id_number_check_char (first17));
}

static gboolean
gm_demo_person (GmDemoHousehold *h,
                int              age,
                gboolean         male,
                const char      *tags)
{
  sqlite3_stmt *s = h->insert;
  int moved = g_rand_int_range (h->rand, 0, MIN (age, 25) * 365 + 1);
  g_autoptr(GDate) in = g_date_new_dmy (30, G_DATE_NOVEMBER, h->year);
  guint64 serial = h->serial++;
  char *id_number;
  char date[16];
  int rc;

  /* Two people born on the same day may draw the same sequence number. */
  if (h->issued != NULL)
    {
      do
        id_number = gm_demo_id_number (h->rand, h->year - age, male);
      while (!g_hash_table_add (h->issued, id_number));
    }
  else
    id_number = gm_demo_serial_id_number (h->rand, serial, h->year - age, male);

  g_date_subtract_days (in, moved);
  g_date_strftime (date, sizeof date, "%Y-%m-%d", in);
  sqlite3_bind_int64 (s, 1, h->building);
  sqlite3_bind_text (s, 2, h->room, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, gm_demo_name (h->rand, male), -1, g_free);
  sqlite3_bind_text (s, 4, id_number, -1, h->issued != NULL ? SQLITE_STATIC : g_free);
  if (age >= 16)
    sqlite3_bind_text (s, 5, gm_demo_phone (h->rand), -1, g_free);
  sqlite3_bind_text (s, 6, h->floating ? "floating" : "registered", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, tags, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 8, date, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (s);
  sqlite3_reset (s);
  /* A counter-made number met an earlier one on the same birth date. */
  while (rc == SQLITE_CONSTRAINT && h->issued == NULL)
    {
      sqlite3_bind_text (s, 4, gm_demo_serial_id_number (h->rand, serial, h->year - age, male),
                         -1, g_free);
      rc = sqlite3_step (s);
      sqlite3_reset (s);
    }
  sqlite3_clear_bindings (s);
  return rc == SQLITE_DONE;
}

gboolean
gm_demo_household (GmDemoHousehold *h)
{
  static const int sizes[] = { 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4 };
  GRand *r = h->rand;
  int size = sizes[gm_demo_pick (r, G_N_ELEMENTS (sizes))];
  int head_age = size == 1 ? g_rand_int_range (r, 22, 92) : g_rand_int_range (r, 26, 78);
  gboolean head_male = gm_demo_chance (r, 0.5);
  const char *head_tags = "";
  gboolean ok;

  if (size == 1 && head_age >= 70 && gm_demo_chance (r, 0.6))
    head_tags = "elderly_alone";
  else if (gm_demo_chance (r, 0.015))
    head_tags = "disabled";
  else if (gm_demo_chance (r, 0.02))
    head_tags = gm_demo_chance (r, 0.5) ? "difficulty,subsistence" : "difficulty";
  else if (head_age < 60 && gm_demo_chance (r, 0.004))
    head_tags = "key_person";

  ok = gm_demo_person (h, head_age, head_male, head_tags);
  if (ok && size >= 2)
    {
      int spouse_age = head_age + g_rand_int_range (r, -4, 5);

      ok = gm_demo_person (h, CLAMP (spouse_age, 20, 95), !head_male, "");
    }
  for (int c = 2; ok && c < size; c++)
    {
      int child_age = head_age - g_rand_int_range (r, 22, 36);

      ok = gm_demo_person (h, MAX (child_age, 0), gm_demo_chance (r, 0.5), "");
    }
  return ok;
}
