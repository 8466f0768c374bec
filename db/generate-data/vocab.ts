// Word lists for plausible generated rows. Every person, phone number and address is fictitious.
export const SURNAMES = Array.from(
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
);
export const GIVEN = Array.from(
  "建国秀英桂兰志强海军玉梅小红永刚春花明华丽娟金凤淑珍德胜振华卫东红霞文杰伟芳敏静磊洋艳勇军杰娜涛超秀云平刚桂英斌宇浩凯鹏婷雪琳晨欣怡佳瑞嘉豪子轩梓涵一诺思远",
);

export const SUPPLIER_WORDS: Record<string, string[]> = {
  fruit: ["果品专业合作社", "林果种植专业合作社", "鲜果产销专业合作社", "果业有限公司"],
  fungi: ["食用菌专业合作社", "菌业有限公司", "香菇种植专业合作社"],
  herb: ["中药材种植专业合作社", "中药材有限公司", "道地药材专业合作社"],
  forest: ["林特产品专业合作社", "核桃专业合作社", "花椒产销专业合作社"],
  vegetable: ["蔬菜种植专业合作社", "果蔬产销专业合作社", "农产品有限公司"],
  livestock: ["养殖专业合作社", "生态养殖有限公司", "蜂业专业合作社"],
};

export const PRODUCT_ADJECTIVES = [
  "精选",
  "农家",
  "高山",
  "有机",
  "特级",
  "原生态",
  "古法",
  "新鲜",
  "头茬",
  "山地",
  "黄土塬",
  "林下",
  "生态",
  "老树",
  "当季",
];

export const SPECS: { spec: string; specEn: string; factor: number; grams: number }[] = [
  { spec: "250g 罐装", specEn: "250 g jar", factor: 0.5, grams: 400 },
  { spec: "500g 袋装", specEn: "500 g bag", factor: 1, grams: 650 },
  { spec: "1kg 袋装", specEn: "1 kg bag", factor: 1.8, grams: 1200 },
  { spec: "2.5kg 箱装", specEn: "2.5 kg box", factor: 4, grams: 3000 },
  { spec: "5kg 礼盒", specEn: "5 kg gift box", factor: 7.5, grams: 5800 },
  { spec: "10kg 整箱", specEn: "10 kg case", factor: 14, grams: 11000 },
];

export const CITIES: { province: string; city: string; districts: string[] }[] = [
  { province: "河南省", city: "三门峡市", districts: ["湖滨区", "陕州区", "灵宝市", "义马市", "渑池县"] },
  { province: "河南省", city: "郑州市", districts: ["金水区", "中原区", "二七区", "郑东新区", "管城回族区"] },
  { province: "河南省", city: "洛阳市", districts: ["西工区", "涧西区", "洛龙区", "老城区"] },
  { province: "北京市", city: "北京市", districts: ["朝阳区", "海淀区", "东城区", "丰台区", "通州区"] },
  { province: "上海市", city: "上海市", districts: ["浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区"] },
  { province: "广东省", city: "广州市", districts: ["天河区", "越秀区", "海珠区", "白云区"] },
  { province: "广东省", city: "深圳市", districts: ["南山区", "福田区", "宝安区", "龙岗区"] },
  { province: "浙江省", city: "杭州市", districts: ["西湖区", "拱墅区", "余杭区", "滨江区"] },
  { province: "江苏省", city: "南京市", districts: ["玄武区", "鼓楼区", "建邺区", "江宁区"] },
  { province: "陕西省", city: "西安市", districts: ["雁塔区", "碑林区", "未央区", "长安区"] },
  { province: "山西省", city: "运城市", districts: ["盐湖区", "永济市", "芮城县"] },
  { province: "湖北省", city: "武汉市", districts: ["江汉区", "武昌区", "洪山区", "江岸区"] },
  { province: "四川省", city: "成都市", districts: ["武侯区", "锦江区", "青羊区", "高新区"] },
  { province: "山东省", city: "青岛市", districts: ["市南区", "市北区", "崂山区", "黄岛区"] },
  { province: "天津市", city: "天津市", districts: ["和平区", "南开区", "河西区", "滨海新区"] },
];
export const ROADS = [
  "人民路",
  "建设路",
  "解放路",
  "黄河路",
  "文明路",
  "和平路",
  "中山路",
  "崤山路",
  "六峰路",
  "甘棠路",
  "湖滨路",
  "长江路",
];

export const CARRIERS: { name: string; prefix: string }[] = [
  { name: "顺丰速运", prefix: "SF" },
  { name: "中通快递", prefix: "ZT" },
  { name: "圆通速递", prefix: "YT" },
  { name: "韵达快递", prefix: "YD" },
  { name: "中国邮政EMS", prefix: "EM" },
  { name: "京东物流", prefix: "JD" },
];

export const ORG_PREFIXES: Record<"budget_unit" | "union" | "enterprise", string[]> = {
  budget_unit: [
    "示范区财政局",
    "示范区卫健委",
    "示范区人社局",
    "三门峡市商务局",
    "三门峡市农业农村局",
    "示范区住建局",
    "示范区公安分局",
    "三门峡市第一中学",
    "三门峡市中心医院",
    "示范区自然资源局",
  ],
  union: [
    "三门峡供电公司",
    "三门峡市总工会",
    "中铝中州铝业",
    "三门峡市教育系统",
    "河南三门峡公路局",
    "三门峡市税务局",
  ],
  enterprise: [
    "三门峡黄河明珠集团",
    "河南骏化发展",
    "三门峡戴卡轮毂",
    "三门峡宏鑫新材料",
    "灵宝金源控股",
    "三门峡天元铝业",
  ],
};

export const RATING_COMMENTS = [
  "果子新鲜，包装很用心",
  "品质不错，支持家乡产业",
  "物流快，下次还买",
  "味道正宗，老人很喜欢",
  "发货及时，个头均匀",
  null,
  null,
];

export function personName(pick: <T>(items: readonly T[]) => T, chance: (p: number) => boolean): string {
  return `${pick(SURNAMES)}${pick(GIVEN)}${chance(0.7) ? pick(GIVEN) : ""}`;
}
